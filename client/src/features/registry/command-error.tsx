import { RuleHelp } from '../../components/rule-help';
import { fieldLabel } from '../../lib/field-label';
import type { TAppError } from '@shared/errors';

/**
 * A refusal from the server in words, with its field problems listed by the field's own label. Stale
 * versions (CONFLICT) are shown by `ChangedSinceOpened` instead, which offers the reload.
 */
export function CommandError({
  error,
  labelOf = fieldLabel,
  prefix,
}: {
  error: TAppError | null;
  labelOf?: (path: string) => string;
  prefix?: string;
}) {
  if (!error) return null;
  return (
    <div className="field-error registry-error" role="alert">
      <p>
        {prefix && <strong>{prefix} </strong>}
        {error.message}
        {error.ruleId && (
          <>
            {' '}
            <RuleHelp id={error.ruleId} />
          </>
        )}
      </p>
      {error.issues && error.issues.length > 0 && (
        <ul>
          {error.issues.map((i) => (
            <li key={i.path + i.message}>
              {i.path ? `${labelOf(i.path)}: ` : ''}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Someone else saved this record after it was opened: the person's edits cannot be applied over it
 * unseen. Offers to load the latest (their edits are dropped; nothing is merged silently).
 */
export function ChangedSinceOpened({
  what,
  detail,
  onReload,
}: {
  what: string;
  detail?: string | undefined;
  onReload: () => void;
}) {
  return (
    <div className="warning registry-conflict" role="alert">
      <p>
        <strong>{what} changed since you opened it.</strong> {detail ?? 'Your edits have not been saved.'}
      </p>
      <button type="button" onClick={onReload}>
        Load the latest (drops your edits)
      </button>
    </div>
  );
}
