import { zodResolver } from '@hookform/resolvers/zod';
import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { CHANNEL_LABELS, CHANNELS, ZCaseDetails } from '@shared/schemas/case';
import { Modal } from '../../components/modal';
import {
  CallerFields,
  EnumOptions,
  PriorityField,
  LocationFields,
  PersonFields,
  RiskFlagFields,
  SafetyFields,
} from './form-fields';
import { ErrorMessage, useCaseCommand } from './use-case-command';

type TFormIn = z.input<typeof ZCaseDetails>;
type TFormOut = z.output<typeof ZCaseDetails>;

const DEFAULTS: TFormIn = {
  channel: '111-option-2',
  caller: { name: '', relationship: '', callbackNumber: '' },
  person: { name: '', age: { kind: 'unknown' }, sex: 'not-known', ethnicity: '99', nhsNumber: null },
  location: { description: '', type: 'public-place', coordinates: null },
  presentingConcerns: '',
  riskFlags: { toSelf: false, toOthers: false, fromOthers: false, safeguarding: false },
  safety: { weapons: false, violence: false, addressHazards: false, note: '' },
  priority: 'urgent',
  summary: '',
};

/**
 * Keyboard-first new card: focus starts on the summary, Tab walks the fields in the order a call
 * unfolds, Ctrl+Enter saves from anywhere, Esc closes. Validated with the same schema as the server.
 */
export function NewCaseForm({ onClose, onCreated }: { onClose: () => void; onCreated: (caseId: string) => void }) {
  const command = useCaseCommand();
  const form = useForm<TFormIn, unknown, TFormOut>({ resolver: zodResolver(ZCaseDetails), defaultValues: DEFAULTS });
  const { errors, isSubmitting } = form.formState;
  const ageKind = useWatch({ control: form.control, name: 'person.age.kind' });

  const handleSubmit = form.handleSubmit(async (values) => {
    const result = await command.run('case:create', values);
    if (result) onCreated(result.card.id);
  });

  const err = (message: string | undefined) => (message ? <span className="field-error">{message}</span> : null);

  return (
    <Modal title="New case card" onClose={onClose}>
      <form className="case-form" noValidate onSubmit={(e) => void handleSubmit(e)}>
        <label className="wide">
          Situation — shared with police and crews
          <input autoFocus {...form.register('summary')} aria-invalid={!!errors.summary} maxLength={280} />
          {err(errors.summary?.message)}
        </label>
        <PriorityField register={form.register} />
        <label>
          Channel
          <select {...form.register('channel')}>
            <EnumOptions values={CHANNELS} labels={CHANNEL_LABELS} />
          </select>
        </label>

        <fieldset className="wide">
          <legend>Where they are</legend>
          <LocationFields register={form.register} error={errors.location?.description?.message} />
        </fieldset>

        <PersonFields register={form.register} ageKind={ageKind} errors={errors.person} />
        <RiskFlagFields register={form.register} />
        <SafetyFields register={form.register} />

        <label className="wide">
          Presenting concerns — clinical, not shared with police
          <textarea rows={3} {...form.register('presentingConcerns')} />
        </label>

        <CallerFields register={form.register} />

        <ErrorMessage error={command.error} />
        <div className="actions wide">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={isSubmitting} aria-keyshortcuts="Control+Enter">
            {isSubmitting ? 'Saving…' : 'Open card'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
