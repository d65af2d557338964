import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FOLLOW_UP_LABELS, FOLLOW_UPS, OUTCOME_KINDS, OUTCOME_LABELS, ZFollowUp, ZOutcome } from '@shared/schemas/case';
import { Modal } from '../../components/modal';
import { EnumOptions } from './form-fields';

const ZContactLostForm = z.object({ followUp: ZFollowUp, note: z.string().trim().max(1000) });

/** Marks contact lost with the follow-up that must now happen. */
export function ContactLostDialog({
  onSubmit,
  onClose,
}: {
  onSubmit: (v: z.output<typeof ZContactLostForm>) => Promise<void>;
  onClose: () => void;
}) {
  const form = useForm({
    resolver: zodResolver(ZContactLostForm),
    defaultValues: { followUp: 'call-back' as const, note: '' },
  });
  return (
    <Modal title="Contact lost" onClose={onClose}>
      <form className="stack" onSubmit={(e) => void form.handleSubmit(onSubmit)(e)}>
        <label>
          Follow-up
          <select autoFocus {...form.register('followUp')}>
            <EnumOptions values={FOLLOW_UPS} labels={FOLLOW_UP_LABELS} />
          </select>
        </label>
        <label>
          What happened
          <textarea rows={3} {...form.register('note')} />
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Mark contact lost
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** What is still live on a card when it closes: the close stands these down and releases them (R-LINK-CLOSE). */
export interface TLiveOnCard {
  units: { id: string; callSign: string; status: string }[];
  holds: { id: string; serviceName: string; category: string }[];
}

/**
 * Closing needs an outcome that says where the person went or what the safety net is (R-NTA-1). No
 * outcome is chosen for the operator, except the only one a card with contact lost may close with.
 * The dialog lists the units and places the close will stand down and release.
 */
export function CloseDialog({
  isContactLost,
  live,
  onSubmit,
  onClose,
}: {
  isContactLost: boolean;
  live: TLiveOnCard;
  onSubmit: (v: z.output<typeof ZOutcome>) => Promise<void>;
  onClose: () => void;
}) {
  const form = useForm<z.input<typeof ZOutcome>, unknown, z.output<typeof ZOutcome>>({
    resolver: zodResolver(ZOutcome),
    defaultValues: {
      kind: isContactLost ? 'no-contact-welfare-done' : ('' as z.input<typeof ZOutcome>['kind']),
      destinationOrSafetyNet: '',
    },
  });
  const error = form.formState.errors.destinationOrSafetyNet?.message;
  const kindError = form.formState.errors.kind ? 'Choose an outcome' : undefined;
  const isLive = live.units.length > 0 || live.holds.length > 0;
  return (
    <Modal title="Close case" onClose={onClose}>
      <form className="stack" noValidate onSubmit={(e) => void form.handleSubmit(onSubmit)(e)}>
        {isLive && (
          <div className="live-on-card" role="note" aria-label="Still live on this card">
            <strong>Still live on this card — closing it will:</strong>
            <ul>
              {live.units.map((u) => (
                <li key={u.id}>
                  stand down <strong>{u.callSign}</strong> ({u.status}); the crew are told the card was closed
                </li>
              ))}
              {live.holds.map((h) => (
                <li key={h.id}>
                  release the {h.category.toLowerCase()} place held at <strong>{h.serviceName}</strong>; they are told
                  why
                </li>
              ))}
            </ul>
          </div>
        )}
        <label>
          Outcome
          <select autoFocus {...form.register('kind')} aria-invalid={!!kindError}>
            <option value="">Choose an outcome…</option>
            <EnumOptions values={OUTCOME_KINDS} labels={OUTCOME_LABELS} />
          </select>
        </label>
        {kindError && <span className="field-error">{kindError}</span>}
        <label>
          Where the person went, or the safety net
          <textarea rows={3} {...form.register('destinationOrSafetyNet')} aria-invalid={!!error} />
        </label>
        {error && <span className="field-error">{error}</span>}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {isLive ? 'Close case, stand down and release' : 'Close case'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
