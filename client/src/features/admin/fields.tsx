import { useId, type ReactNode } from 'react';
import type { TAppError } from '@shared/errors';

/** The props a control needs to be tied to its label, hint and error. */
export interface TControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * A labelled control with its hint and error below it. The error is linked by aria-describedby rather
 * than placed inside the label, so a field's accessible name stays the same when an error appears.
 */
export function Field({
  label,
  hint,
  error,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  children: (control: TControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy })}
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A server issue path as the form's field name: `changes.contact.email` → `email`. */
export function fieldOfIssue(path: string): string {
  return path.replace(/^changes\./, '').replace(/^contact\./, '');
}

/**
 * Puts each of the server's per-field issues next to its field. The rest are shown by `ProblemMessage`
 * given the same field names.
 */
export function placeServerIssues<F extends string>(
  error: TAppError | null,
  fields: readonly F[],
  place: (field: F, message: string, isFirst: boolean) => void,
): void {
  let isFirst = true;
  for (const issue of error?.issues ?? []) {
    const field = fields.find((f) => f === fieldOfIssue(issue.path));
    if (!field) continue;
    place(field, issue.message, isFirst);
    isFirst = false;
  }
}

/**
 * The server's refusal in words: its message and every issue not already shown beside a field. An
 * import's issues read "line 7: …", so a person can find the row in their spreadsheet.
 */
export function ProblemMessage({ error, placed = [] }: { error: TAppError | null; placed?: readonly string[] }) {
  if (!error) return null;
  const rest = (error.issues ?? []).filter((i) => !placed.includes(fieldOfIssue(i.path)));
  return (
    <div className="problem" role="alert">
      <p>{error.message}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((i, index) => (
            <li key={`${index}-${i.path}`}>
              {i.path && i.path !== 'file' ? `${i.path}: ` : ''}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
