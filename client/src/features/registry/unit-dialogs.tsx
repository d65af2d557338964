import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Controller, useForm, type Path, type UseFormReturn } from 'react-hook-form';
import { z } from 'zod';
import type { TAppError } from '@shared/errors';
import type { TDirectory } from '@shared/schemas/account';
import {
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  ZUnitKind,
  type TUnit,
  type TUnitCommandResult,
  type TUnitRegisterRequest,
  type TUnitSetCrewRequest,
  type TUnitUpdateDetailsRequest,
} from '@shared/schemas/unit';
import { organisationName, unitListQuery } from '../../api/queries';
import { applyUnitChange } from '../../api/service-cache';
import { formatClock } from '../../lib/time';
import { ChangedSinceOpened, CommandError } from './command-error';
import type { TCrewCandidate } from './crew-candidates';
import { CrewPicker, MAX_CREW } from './crew-picker';
import { FieldError } from './opening-hours-fields';
import { RegistryDialog } from './registry-dialog';
import { useHttpCommand } from './use-http-command';

const ZReason = z.string().trim().max(300, 'Reason: at most 300 characters');
const ZCrew = z
  .array(z.string())
  .min(1, 'Choose at least one crew member')
  .max(MAX_CREW, `At most ${MAX_CREW} crew members`);

/** The details form, refusing a call sign another unit of the area already uses (people say it on the radio). */
function detailsSchema(otherCallSigns: readonly string[]) {
  return z.object({
    callSign: z
      .string()
      .trim()
      .toUpperCase()
      .min(1, 'Enter a call sign')
      .max(40, 'Call sign: at most 40 characters')
      .refine((c) => !otherCallSigns.includes(c), 'Another unit already has this call sign'),
    kind: ZUnitKind,
    organisationId: z.string().min(1, 'Choose the organisation'),
    reason: ZReason,
  });
}
const ZCrewForm = z.object({ memberUserIds: ZCrew, reason: ZReason });

type TDetailsIn = z.input<ReturnType<typeof detailsSchema>>;
type TDetailsOut = z.output<ReturnType<typeof detailsSchema>>;
type TAddIn = TDetailsIn & { memberUserIds: string[] };
type TAddOut = TDetailsOut & { memberUserIds: string[] };
type TCrewIn = z.input<typeof ZCrewForm>;
type TCrewOut = z.output<typeof ZCrewForm>;

const saveOnCtrlEnter = (submit: () => void) => (e: KeyboardEvent<HTMLFormElement>) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    submit();
  }
};

/** Call signs of the other units, upper-cased as the server stores them. */
function otherCallSigns(units: readonly TUnit[], exceptId: string | null): string[] {
  return units.filter((u) => u.id !== exceptId).map((u) => u.callSign.toUpperCase());
}

/** The live copy of a unit the person opened; the opened copy until the list has it. */
function useLiveUnit(opened: TUnit): TUnit {
  const list = useQuery(unitListQuery);
  return list.data?.units.find((u) => u.id === opened.id) ?? opened;
}

/** Shows a server refusal's field problems next to the fields. */
function showIssues<T extends Record<string, unknown>>(
  form: UseFormReturn<T, unknown, unknown>,
  error: TAppError,
  fields: readonly string[],
) {
  for (const issue of error.issues ?? []) {
    const field = fields.find(
      (f) => issue.path === f || issue.path.startsWith(`${f}.`) || issue.path === `changes.${f}`,
    );
    if (field) form.setError(field as Path<T>, { type: 'server', message: issue.message });
  }
}

const FIELD_LABELS: Record<string, string> = {
  callSign: 'Call sign',
  'changes.callSign': 'Call sign',
  kind: 'Kind',
  'changes.kind': 'Kind',
  organisationId: 'Organisation',
  'changes.organisationId': 'Organisation',
  memberUserIds: 'Crew',
  reason: 'Reason',
};
const labelOf = (path: string) => FIELD_LABELS[path] ?? FIELD_LABELS[path.split('.')[0] ?? ''] ?? path;

function DialogActions({ isSending, label, onCancel }: { isSending: boolean; label: string; onCancel: () => void }) {
  return (
    <div className="actions dialog-actions">
      <span className="muted small keys">
        <kbd>Ctrl</kbd>+<kbd>Enter</kbd> save · <kbd>Esc</kbd> close
      </span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={isSending} aria-keyshortcuts="Control+Enter">
        {isSending ? 'Saving…' : label}
      </button>
    </div>
  );
}

/** Call sign, kind and organisation: the same three fields when adding a unit and when editing one. */
function DetailFields<T extends TDetailsIn>({
  form,
  directory,
  autoFocus,
}: {
  form: UseFormReturn<T, unknown, unknown>;
  directory: TDirectory;
  autoFocus: boolean;
}) {
  const f = form as unknown as UseFormReturn<TDetailsIn, unknown, unknown>;
  const { errors } = f.formState;
  const current = f.getValues('organisationId');
  return (
    <div className="form-grid unit-details">
      <label>
        Call sign
        <input
          {...f.register('callSign')}
          autoFocus={autoFocus}
          autoComplete="off"
          className="call-sign-input"
          aria-invalid={!!errors.callSign}
          maxLength={40}
        />
        <FieldError message={errors.callSign?.message} />
      </label>
      <label>
        Kind
        <select {...f.register('kind')}>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {UNIT_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="span-2">
        Organisation
        <select {...f.register('organisationId')} aria-invalid={!!errors.organisationId}>
          {current && !directory.organisations.some((o) => o.id === current) && (
            <option value={current}>Unknown organisation</option>
          )}
          {directory.organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <FieldError message={errors.organisationId?.message} />
      </label>
    </div>
  );
}

/** The people the crew picker offers (with a note when that is not everyone, as for duty managers), or what to show while they load. */
export type TCandidateState = { candidates: TCrewCandidate[]; note?: string | undefined } | { pending: ReactNode };

function CandidatesOr({ state, children }: { state: TCandidateState; children: (c: TCrewCandidate[]) => ReactNode }) {
  if ('pending' in state) return <div className="crew-picker-pending">{state.pending}</div>;
  return <>{children(state.candidates)}</>;
}

/** Registers a unit with its crew; it starts off shift, so nobody is sent to it by mistake. */
export function AddUnitDialog({
  units,
  directory,
  candidates,
  onClose,
  onSaved,
}: {
  units: readonly TUnit[];
  directory: TDirectory;
  candidates: TCandidateState;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const command = useHttpCommand();
  const [unitId] = useState(() => crypto.randomUUID());
  const schema = detailsSchema(otherCallSigns(units, null)).extend({ memberUserIds: ZCrew });
  const form = useForm<TAddIn, unknown, TAddOut>({
    resolver: zodResolver(schema),
    defaultValues: {
      callSign: '',
      kind: 'street-triage-car',
      organisationId: directory.organisations[0]?.id ?? '',
      memberUserIds: [],
      reason: '',
    },
  });
  const submit = form.handleSubmit(async (values) => {
    const body: TUnitRegisterRequest = {
      commandId: crypto.randomUUID(),
      unitId,
      callSign: values.callSign,
      kind: values.kind,
      organisationId: values.organisationId,
      memberUserIds: values.memberUserIds,
    };
    const ack = await command.send<TUnitCommandResult>('POST', '/units', body);
    if (!ack.ok) return showIssues(form, ack.error, ['callSign', 'kind', 'organisationId', 'memberUserIds']);
    applyUnitChange(queryClient, ack.data.unit);
    onSaved(`Added ${ack.data.unit.callSign}. It is off shift until someone starts its shift.`);
  });
  return (
    <RegistryDialog title="Add a unit" onClose={onClose}>
      <form
        className="unit-form"
        noValidate
        onSubmit={(e) => void submit(e)}
        onKeyDown={saveOnCtrlEnter(() => void submit())}
      >
        <DetailFields form={form} directory={directory} autoFocus />
        <CandidatesOr state={candidates}>
          {(list) => (
            <Controller
              control={form.control}
              name="memberUserIds"
              render={({ field, fieldState }) => (
                <CrewPicker
                  candidates={list}
                  value={field.value}
                  onChange={field.onChange}
                  organisationName={(id) => organisationName(directory, id)}
                  error={fieldState.error?.message}
                  note={'note' in candidates ? candidates.note : undefined}
                />
              )}
            />
          )}
        </CandidatesOr>
        <CommandError error={command.error} labelOf={labelOf} prefix="Not added:" />
        <DialogActions isSending={form.formState.isSubmitting} label="Add unit" onCancel={onClose} />
      </form>
    </RegistryDialog>
  );
}

/**
 * Changes a unit's call sign, kind or organisation. Only changed fields are sent, based on the version
 * the person opened; a change saved meanwhile by someone else is shown with an offer to reload.
 */
export function UnitDetailsDialog({
  opened,
  units,
  directory,
  onClose,
  onSaved,
}: {
  opened: TUnit;
  units: readonly TUnit[];
  directory: TDirectory;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const live = useLiveUnit(opened);
  const [base, setBase] = useState(opened);
  const [hasConflict, setHasConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const command = useHttpCommand();
  const valuesOf = (u: TUnit): TDetailsIn => ({
    callSign: u.callSign,
    kind: u.kind,
    organisationId: u.organisationId,
    reason: '',
  });
  const form = useForm<TDetailsIn, unknown, TDetailsOut>({
    resolver: zodResolver(detailsSchema(otherCallSigns(units, opened.id))),
    defaultValues: valuesOf(opened),
  });
  const reload = () => {
    form.reset(valuesOf(live));
    setBase(live);
    setHasConflict(false);
    setNotice(null);
    command.clearError();
  };
  const submit = form.handleSubmit(async (values) => {
    setNotice(null);
    const changes: TUnitUpdateDetailsRequest['changes'] = {};
    if (values.callSign !== base.callSign) changes.callSign = values.callSign;
    if (values.kind !== base.kind) changes.kind = values.kind;
    if (values.organisationId !== base.organisationId) changes.organisationId = values.organisationId;
    if (Object.keys(changes).length === 0) {
      setNotice('Nothing has changed, so there is nothing to save.');
      return;
    }
    const body: TUnitUpdateDetailsRequest = {
      commandId: crypto.randomUUID(),
      unitId: opened.id,
      expectedVersion: base.version,
      changes,
      reason: values.reason,
    };
    const ack = await command.send<TUnitCommandResult>('PATCH', `/units/${opened.id}`, body);
    if (!ack.ok) {
      if (ack.error.code === 'CONFLICT') {
        setHasConflict(true);
        void queryClient.invalidateQueries({ queryKey: unitListQuery.queryKey });
      }
      return showIssues(form, ack.error, ['callSign', 'kind', 'organisationId', 'reason']);
    }
    applyUnitChange(queryClient, ack.data.unit);
    onSaved(`Saved ${ack.data.unit.callSign}.`);
  });
  const isBehind = live.version > base.version;
  return (
    <RegistryDialog title={`Edit ${opened.callSign}`} onClose={onClose}>
      <form
        className="unit-form"
        noValidate
        onSubmit={(e) => void submit(e)}
        onKeyDown={saveOnCtrlEnter(() => void submit())}
      >
        {(isBehind || hasConflict) && (
          <ChangedSinceOpened
            what={live.callSign}
            detail={`It was changed at ${formatClock(live.updatedAt)}; saving your edits now would be refused.`}
            onReload={reload}
          />
        )}
        <DetailFields form={form} directory={directory} autoFocus />
        <ReasonField form={form} />
        {command.error?.code !== 'CONFLICT' && (
          <CommandError error={command.error} labelOf={labelOf} prefix="Not saved:" />
        )}
        {notice && (
          <p role="status" className="muted">
            {notice}
          </p>
        )}
        <DialogActions isSending={form.formState.isSubmitting} label="Save details" onCancel={onClose} />
      </form>
    </RegistryDialog>
  );
}

function ReasonField<T extends { reason: string }>({ form }: { form: UseFormReturn<T, unknown, unknown> }) {
  const id = useId();
  const f = form as unknown as UseFormReturn<{ reason: string }, unknown, unknown>;
  const error = f.formState.errors.reason?.message;
  return (
    <label className="reason">
      Reason for the change (optional)
      <input {...f.register('reason')} aria-invalid={!!error} aria-describedby={`${id}-help`} maxLength={300} />
      <span id={`${id}-help`} className="muted small">
        Kept in the administration history with what changed.
      </span>
      <FieldError message={error} />
    </label>
  );
}

/**
 * Sets who crews a unit. The server checks each person is an enabled account of the area in a crew
 * role and names everyone it refuses; the list already marks the people it would refuse.
 */
export function CrewDialog({
  opened,
  directory,
  candidates,
  onClose,
  onSaved,
}: {
  opened: TUnit;
  directory: TDirectory;
  candidates: TCandidateState;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const live = useLiveUnit(opened);
  const [base, setBase] = useState(opened);
  const [hasConflict, setHasConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const command = useHttpCommand();
  const valuesOf = (u: TUnit): TCrewIn => ({ memberUserIds: u.members.map((m) => m.userId), reason: '' });
  const form = useForm<TCrewIn, unknown, TCrewOut>({
    resolver: zodResolver(ZCrewForm),
    defaultValues: valuesOf(opened),
  });
  // Members the candidate list does not know (e.g. an account no longer listed) stay visible so they can be removed.
  const withMembers = (list: TCrewCandidate[]): TCrewCandidate[] => [
    ...list,
    ...base.members
      .filter((m) => !list.some((c) => c.id === m.userId))
      .map((m) => ({
        id: m.userId,
        name: m.name,
        role: m.role,
        organisationId: null,
        isEnabled: null,
        unitCallSigns: [base.callSign],
      })),
  ];
  const reload = () => {
    form.reset(valuesOf(live));
    setBase(live);
    setHasConflict(false);
    setNotice(null);
    command.clearError();
  };
  const submit = form.handleSubmit(async (values) => {
    setNotice(null);
    const before = [...base.members.map((m) => m.userId)].sort().join();
    if ([...values.memberUserIds].sort().join() === before) {
      setNotice('The crew is unchanged, so there is nothing to save.');
      return;
    }
    const body: TUnitSetCrewRequest = {
      commandId: crypto.randomUUID(),
      unitId: opened.id,
      expectedVersion: base.version,
      memberUserIds: values.memberUserIds,
      reason: values.reason,
    };
    const ack = await command.send<TUnitCommandResult>('PUT', `/units/${opened.id}/crew`, body);
    if (!ack.ok) {
      if (ack.error.code === 'CONFLICT') {
        setHasConflict(true);
        void queryClient.invalidateQueries({ queryKey: unitListQuery.queryKey });
      }
      return showIssues(form, ack.error, ['memberUserIds', 'reason']);
    }
    applyUnitChange(queryClient, ack.data.unit);
    onSaved(`Saved the crew of ${ack.data.unit.callSign}: ${ack.data.unit.members.map((m) => m.name).join(', ')}.`);
  });
  const isBehind = live.version > base.version;
  return (
    <RegistryDialog title={`Crew of ${opened.callSign}`} onClose={onClose}>
      <form
        className="unit-form"
        noValidate
        onSubmit={(e) => void submit(e)}
        onKeyDown={saveOnCtrlEnter(() => void submit())}
      >
        {(isBehind || hasConflict) && (
          <ChangedSinceOpened
            what={live.callSign}
            detail={`It was changed at ${formatClock(live.updatedAt)}; saving your edits now would be refused.`}
            onReload={reload}
          />
        )}
        {live.assignment && (
          <p className="warning">
            {live.callSign} is on {live.assignment.caseRef} now: a new crew takes over that job at once.
          </p>
        )}
        <CandidatesOr state={candidates}>
          {(list) => (
            <Controller
              control={form.control}
              name="memberUserIds"
              render={({ field, fieldState }) => (
                <CrewPicker
                  candidates={withMembers(list)}
                  value={field.value}
                  onChange={field.onChange}
                  organisationName={(id) => organisationName(directory, id)}
                  error={fieldState.error?.message}
                  note={'note' in candidates ? candidates.note : undefined}
                />
              )}
            />
          )}
        </CandidatesOr>
        <ReasonField form={form} />
        {command.error?.code !== 'CONFLICT' && (
          <CommandError error={command.error} labelOf={labelOf} prefix="Crew not changed:" />
        )}
        {notice && (
          <p role="status" className="muted">
            {notice}
          </p>
        )}
        <DialogActions isSending={form.formState.isSubmitting} label="Save crew" onCancel={onClose} />
      </form>
    </RegistryDialog>
  );
}
