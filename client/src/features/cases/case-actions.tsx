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

/** Closing needs an outcome that says where the person went or what the safety net is (R-NTA-1). */
export function CloseDialog({
  isContactLost,
  onSubmit,
  onClose,
}: {
  isContactLost: boolean;
  onSubmit: (v: z.output<typeof ZOutcome>) => Promise<void>;
  onClose: () => void;
}) {
  const form = useForm<z.input<typeof ZOutcome>, unknown, z.output<typeof ZOutcome>>({
    resolver: zodResolver(ZOutcome),
    defaultValues: {
      kind: isContactLost ? 'no-contact-welfare-done' : 'stayed-home-with-safety-plan',
      destinationOrSafetyNet: '',
    },
  });
  const error = form.formState.errors.destinationOrSafetyNet?.message;
  return (
    <Modal title="Close case" onClose={onClose}>
      <form className="stack" noValidate onSubmit={(e) => void form.handleSubmit(onSubmit)(e)}>
        <label>
          Outcome
          <select autoFocus {...form.register('kind')}>
            <EnumOptions values={OUTCOME_KINDS} labels={OUTCOME_LABELS} />
          </select>
        </label>
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
            Close case
          </button>
        </div>
      </form>
    </Modal>
  );
}
