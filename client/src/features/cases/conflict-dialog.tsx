import type { TConflict } from '@shared/errors';
import { fieldLabel } from '@shared/rules/redaction';
import { formatClock } from '../../lib/time';
import { Modal } from '../../components/modal';

/**
 * Shown when a change was based on an old version. Nothing is merged silently: the person sees who
 * changed what, then chooses to drop their change or re-apply it on top of the latest card.
 */
export function ConflictDialog({
  conflict,
  onKeepTheirs,
  onApplyMine,
}: {
  conflict: TConflict;
  onKeepTheirs: () => void;
  onApplyMine: () => void;
}) {
  return (
    <Modal title="This card changed while you were working on it" onClose={onKeepTheirs}>
      <p>Your change was not saved. Since you opened {conflict.current.ref}:</p>
      <ul className="conflict-list">
        {conflict.changes.map((c) => (
          <li key={c.seq}>
            <strong>{c.actor.name}</strong> changed {c.fields.map(fieldLabel).join(', ')} at {formatClock(c.at)}
          </li>
        ))}
      </ul>
      {conflict.overlappingFields.length > 0 && (
        <p className="warning">
          They changed the same {conflict.overlappingFields.length === 1 ? 'field' : 'fields'} as you:{' '}
          <strong>{conflict.overlappingFields.map(fieldLabel).join(', ')}</strong>. Check the latest card before
          re-applying.
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onKeepTheirs} autoFocus>
          Discard my change and show the latest
        </button>
        <button type="button" className="primary" onClick={onApplyMine}>
          Apply my change on top
        </button>
      </div>
    </Modal>
  );
}
