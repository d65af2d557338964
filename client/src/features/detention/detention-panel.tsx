import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { legalRulesAt } from '@shared/config/legal-rules';
import type { TAppError } from '@shared/errors';
import type { TCommandPayload } from '@shared/protocol';
import { freePlaces } from '@shared/rules/capacity';
import { currentPlace, policeStationBlock } from '@shared/rules/detention';
import {
  isPlaceOfSafetyService,
  keepsRooms,
  PLACE_OF_SAFETY_BY_SERVICE_KIND,
  roomCategoryFor,
} from '@shared/rules/place-of-safety';
import { canRunCommand, type TCaseCommand } from '@shared/rules/permissions';
import type { TCaseCard } from '@shared/schemas/case';
import {
  AUTHORISING_RANK_LABELS,
  AUTHORISING_RANKS,
  DETENTION_OUTCOME_LABELS,
  DETENTION_OUTCOMES,
  DETENTION_PLACE_LABELS,
  DETENTION_PLACES,
  EXTENSION_GROUND_LABELS,
  PLACE_OF_SAFETY_KINDS,
  PLACE_OF_SAFETY_LABELS,
  placeOfSafetyText,
  POLICE_VEHICLE_REASON_LABELS,
  type TDetention,
  type TPoliceStationAuthority,
  type TRecordArrivalRequest,
} from '@shared/schemas/detention';
import type { TPlaceCategory, TService } from '@shared/schemas/service';
import type { TUser } from '@shared/schemas/user';
import { serviceListQuery } from '../../api/queries';
import { useIsFieldDevice } from '../../offline/field-device';
import { useOutboxEntries } from '../../offline/outbox';
import { describeEntry, detentionStepsNotSent, isOutboxCommand, type TOutboxEntry } from '../../offline/outbox-rules';
import { useSocket } from '../../socket/socket-provider';
import { checkStepOnDevice, type TDetentionStep } from './kept-steps';
import { useOutboxCommand } from '../../offline/use-outbox-command';
import { Modal } from '../../components/modal';
import { RuleHelp } from '../../components/rule-help';
import { formatClock, formatExact } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { ConflictDialog } from '../cases/conflict-dialog';
import { EnumOptions } from '../cases/form-fields';
import { ErrorMessage, useCaseCommand } from '../cases/use-case-command';
import { DetentionClocks } from './clocks';
import { localToIso, nowLocal } from './time-input';

type TStep = 'detain' | 'place' | 'arrival' | 'handover' | 'welfare' | 'doctor' | 'amhp' | 'extend' | 'end';
type TSend = <C extends TCaseCommand>(
  name: C,
  payload: Omit<TCommandPayload<C>, 'commandId' | 'caseId'>,
) => Promise<boolean>;

/**
 * The Mental Health Act record on a card: the legal clocks, where the person is, what has been done,
 * and the next step each role may take. Every rule is enforced by the server; the screen explains it.
 */
export function DetentionPanel({ card, user }: { card: TCaseCard; user: TUser }) {
  const now = useNow();
  const command = useCaseCommand();
  const offline = useOutboxCommand();
  const isFieldDevice = useIsFieldDevice();
  const kept = detentionStepsNotSent(useOutboxEntries(), card.id);
  const { clockOffsetMs } = useSocket();
  const [deviceRefusal, setDeviceRefusal] = useState<TAppError | null>(null);
  const [step, setStep] = useState<TStep | null>(null);
  const [baseVersion, setBaseVersion] = useState(card.version);
  const [lastAttempt, setLastAttempt] = useState<{ name: TCaseCommand; payload: Record<string, unknown> } | null>(null);
  const d = card.detention;
  const can = (c: TCaseCommand) => canRunCommand(user.role, c) && card.status !== 'closed';
  const open = (s: TStep) => {
    command.clearError();
    setDeviceRefusal(null);
    setBaseVersion(card.version);
    setStep(s);
  };
  const send: TSend = async (name, payload) => {
    const full = { ...payload, caseId: card.id } as Record<string, unknown>;
    setLastAttempt({ name, payload: full });
    // On a crew's tablet, arrival, welfare checks and handover are kept first and sent when there is
    // signal (S-25): their times are the times entered, so a late arrival still starts the right clock.
    const isKeptFirst = isFieldDevice && isOutboxCommand(name);
    // Checked on the device by the hub's own rule first, against the card with this device's kept arrival:
    // a wrong time is put right now, not found refused when the signal returns.
    const refusal =
      isKeptFirst && isDetentionStep(name)
        ? checkStepOnDevice(card, keptArrival(kept), name, full, serverNow(clockOffsetMs))
        : null;
    setDeviceRefusal(refusal);
    if (refusal) return false;
    const ok = isKeptFirst
      ? await offline.submit(name, full as never)
      : (await command.run(name, full as never)) !== null;
    if (ok) setStep(null);
    return ok;
  };
  const error = deviceRefusal ?? offline.error ?? command.error;
  const conflict = error?.code === 'CONFLICT' ? error.conflict : undefined;

  if (!d) {
    if (!can('case:detain')) return null;
    return (
      <section className="mha" aria-labelledby="mha-heading">
        <h3 id="mha-heading">Mental Health Act</h3>
        <button type="button" onClick={() => open('detain')}>
          Record s136 / s135 detention
        </button>
        {step === 'detain' && (
          <DetainDialog
            card={card}
            user={user}
            version={baseVersion}
            onSend={send}
            onClose={() => setStep(null)}
            error={error}
          />
        )}
      </section>
    );
  }

  const place = currentPlace(d);
  const isRunning = !d.outcome;
  // What this tablet recorded without signal counts for the next step: arrival kept in a cell with no
  // signal still lets the welfare checks that follow it be recorded (S-25).
  const isKept = (name: TCaseCommand) => kept.some((e) => e.name === name);
  const hasArrived = Boolean(place && (place.arrivedOnSiteAt || place.enteredAt)) || isKept('case:record-arrival');
  const dialogProps = { card, version: baseVersion, onSend: send, onClose: () => setStep(null), error };

  return (
    <section className="mha" aria-labelledby="mha-heading">
      <h3 id="mha-heading">
        {d.power === 's136' ? 'Section 136' : 'Section 135(1)'} detention{d.breachedAt ? ' — BREACH' : ''}
      </h3>
      <p className="muted">
        Detained by {d.officer.name} at <span title={formatExact(d.decidedAt)}>{formatClock(d.decidedAt)}</span> (
        {DETENTION_PLACE_LABELS[d.place]}).{' '}
        {d.consultation.kind === 'consulted'
          ? `Consulted: ${d.consultation.profession} ${d.consultation.name}.`
          : `Not consulted: ${d.consultation.reason}.`}
      </p>
      <DetentionClocks detention={d} now={now} />
      <DetentionFacts detention={d} />
      {kept.length > 0 && (
        <ul className="not-sent-steps" aria-label="Kept on this device, not sent yet">
          {kept.map((e) => (
            <li key={e.order}>
              <span className="badge waiting">{e.state === 'waiting' ? 'not sent yet' : 'not applied'}</span>{' '}
              {describeEntry(e)} · {formatClock(keptStepTime(e.payload))}
            </li>
          ))}
        </ul>
      )}
      {isRunning && (
        <div className="actions">
          {can('case:choose-place-of-safety') && (
            <button type="button" onClick={() => open('place')}>
              {place ? 'Transfer to another place of safety' : 'Choose place of safety'}
            </button>
          )}
          {can('case:record-arrival') && place && !hasArrived && (
            <button type="button" onClick={() => open('arrival')}>
              Record arrival
            </button>
          )}
          {can('case:record-handover') && hasArrived && !d.handedOverAt && !isKept('case:record-handover') && (
            <button type="button" onClick={() => open('handover')}>
              Record police handover
            </button>
          )}
          {can('case:record-welfare-check') && hasArrived && place?.kind === 'police-station' && (
            <button type="button" onClick={() => open('welfare')}>
              Record welfare check
            </button>
          )}
          {can('case:record-assessment') && !d.doctorExamination && (
            <button type="button" onClick={() => open('doctor')}>
              Record doctor’s examination
            </button>
          )}
          {can('case:record-assessment') && !d.amhpInterview && (
            <button type="button" onClick={() => open('amhp')}>
              Record AMHP interview
            </button>
          )}
          {can('case:extend-detention') && !d.extension && hasArrived && (
            <button type="button" onClick={() => open('extend')}>
              Extend
            </button>
          )}
          {can('case:end-detention') && (
            <button type="button" className="danger" onClick={() => open('end')}>
              End detention
            </button>
          )}
        </div>
      )}
      {!step && <ErrorMessage error={error} />}
      {step === 'place' && <PlaceDialog {...dialogProps} detention={d} now={now} />}
      {step === 'arrival' && <ArrivalDialog {...dialogProps} />}
      {step === 'handover' && (
        <TimeDialog {...dialogProps} title="Police handover to health staff" command="case:record-handover" />
      )}
      {step === 'welfare' && <WelfareDialog {...dialogProps} />}
      {step === 'doctor' && <DoctorDialog {...dialogProps} />}
      {step === 'amhp' && <AmhpDialog {...dialogProps} />}
      {step === 'extend' && <ExtendDialog {...dialogProps} />}
      {step === 'end' && <EndDialog {...dialogProps} />}
      {conflict && lastAttempt && (
        <ConflictDialog
          conflict={conflict}
          onKeepTheirs={() => {
            command.clearError();
            setStep(null);
          }}
          onApplyMine={() => {
            command.clearError();
            void send(lastAttempt.name, { ...lastAttempt.payload, expectedVersion: conflict.current.version } as never);
          }}
        />
      )}
    </section>
  );
}

/** Now on the server's clock (the device's clock corrected by the measured offset). */
function serverNow(clockOffsetMs: number): Date {
  return new Date(Date.now() + clockOffsetMs);
}

const isDetentionStep = (name: TCaseCommand): name is TDetentionStep =>
  name === 'case:record-arrival' || name === 'case:record-welfare-check' || name === 'case:record-handover';

/** The arrival this device keeps for the card, if any. */
function keptArrival(kept: readonly TOutboxEntry[]): TRecordArrivalRequest | null {
  const entry = kept.find((e) => e.name === 'case:record-arrival');
  return entry ? (entry.payload as unknown as TRecordArrivalRequest) : null;
}

/** When a kept step says it happened: the time the crew entered, not when it is sent. */
function keptStepTime(payload: Record<string, unknown>): string {
  const at = payload.at ?? payload.arrivedOnSiteAt ?? payload.enteredAt;
  return typeof at === 'string' ? at : new Date().toISOString();
}

export function DetentionFacts({ detention: d }: { detention: TDetention }) {
  return (
    <dl className="fields">
      {d.places.map((p, i) => (
        <div key={`${p.name}-${p.chosenAt}`} className="contents">
          <dt>{i === 0 ? 'Place of safety' : `Transfer ${i}`}</dt>
          <dd>
            {placeOfSafetyText(p)}
            {p.serviceId === null && <span className="outside-registry"> not in the registry</span>}
            {p.category && ` · ${p.category === 'under18' ? 'under-18' : 'adult'} room`} ·{' '}
            {p.transport.mode.replace('-', ' ')}
            {p.expectedArrivalAt &&
              !p.arrivedOnSiteAt &&
              !p.enteredAt &&
              ` · expected ${formatClock(p.expectedArrivalAt)}`}
            {p.transport.mode === 'police-vehicle' ? ` (${POLICE_VEHICLE_REASON_LABELS[p.transport.reason]})` : ''}
            {p.arrivedOnSiteAt && ` · arrived ${formatClock(p.arrivedOnSiteAt)}`}
            {p.enteredAt && ` · entered ${formatClock(p.enteredAt)}`}
          </dd>
        </div>
      ))}
      {d.handedOverAt && (
        <>
          <dt>Handover</dt>
          <dd>{formatClock(d.handedOverAt)}</dd>
        </>
      )}
      {d.doctorExamination && (
        <>
          <dt>Examined</dt>
          <dd>
            {d.doctorExamination.doctorName} at {formatClock(d.doctorExamination.at)}
            {d.doctorExamination.isS12Approved ? ' (s12 approved)' : ` (not s12: ${d.doctorExamination.whyNotS12})`}
          </dd>
        </>
      )}
      {d.amhpInterview && (
        <>
          <dt>AMHP</dt>
          <dd>
            {d.amhpInterview.amhpName} at {formatClock(d.amhpInterview.at)}
          </dd>
        </>
      )}
      {d.extension && (
        <>
          <dt>Extended</dt>
          <dd>
            {d.extension.minutes / 60} h by {d.extension.by}
            {d.extension.superintendent ? `, approved by ${d.extension.superintendent}` : ''}
          </dd>
        </>
      )}
      {d.outcome && (
        <>
          <dt>Outcome</dt>
          <dd>
            {DETENTION_OUTCOME_LABELS[d.outcome.kind]} {d.outcome.note}
          </dd>
        </>
      )}
    </dl>
  );
}

interface TDialogProps {
  card: TCaseCard;
  version: number;
  onSend: TSend;
  onClose: () => void;
  error: ReturnType<typeof useCaseCommand>['error'];
}

function StepDialog({
  title,
  onClose,
  onSubmit,
  submitLabel,
  error,
  children,
  isReady = true,
}: {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  error: TDialogProps['error'];
  children: ReactNode;
  /** False until the dialog has what it needs (a decision nobody may default); the button waits until then. */
  isReady?: boolean;
}) {
  return (
    <Modal title={title} onClose={onClose}>
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!isReady}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function DetainDialog({ user, version, onSend, onClose, error }: TDialogProps & { user: TUser }) {
  const rules = legalRulesAt(new Date());
  const [power, setPower] = useState<'s136' | 's135'>('s136');
  const [officer, setOfficer] = useState(user.displayName);
  const [collar, setCollar] = useState('');
  const [decidedAt, setDecidedAt] = useState(nowLocal());
  const [place, setPlace] = useState<(typeof DETENTION_PLACES)[number]>('public-place');
  const [consulted, setConsulted] = useState(true);
  const [profession, setProfession] = useState('nurse');
  const [consultedName, setConsultedName] = useState('');
  const [reason, setReason] = useState('');
  const [kept, setKept] = useState(false);
  const isBlockedPlace = power === 's136' && (place === 'dwelling' || place === 'dwelling-private-garden');
  return (
    <StepDialog
      title="Record a detention"
      onClose={onClose}
      error={error}
      submitLabel="Record detention"
      onSubmit={() =>
        void onSend('case:detain', {
          expectedVersion: version,
          power,
          officer: { name: officer, collarNumber: collar },
          decidedAt: localToIso(decidedAt) ?? '',
          place,
          consultation: consulted
            ? { kind: 'consulted', profession, name: consultedName }
            : { kind: 'not-practicable', reason },
          keptAtPlaceOfSafety: kept,
        })
      }
    >
      <fieldset>
        <legend>Power</legend>
        <label className="check">
          <input type="radio" name="power" checked={power === 's136'} onChange={() => setPower('s136')} /> Section 136
          (public place)
        </label>
        <label className="check">
          <input type="radio" name="power" checked={power === 's135'} onChange={() => setPower('s135')} /> Section
          135(1) warrant
        </label>
      </fieldset>
      <label>
        Officer
        <input value={officer} onChange={(e) => setOfficer(e.target.value)} />
      </label>
      <label>
        Collar number
        <input value={collar} onChange={(e) => setCollar(e.target.value)} />
      </label>
      <label>
        {power === 's136' ? 'Time of detention' : 'First entry to execute the warrant'}
        <input type="datetime-local" value={decidedAt} onChange={(e) => setDecidedAt(e.target.value)} />
      </label>
      <label>
        Where
        <select value={place} onChange={(e) => setPlace(e.target.value as typeof place)}>
          <EnumOptions values={DETENTION_PLACES} labels={DETENTION_PLACE_LABELS} />
        </select>
      </label>
      {isBlockedPlace && (
        <p className="warning" role="alert">
          Section 136 cannot be used in a dwelling or its private garden. <RuleHelp id="R-S136-PLACE" />
        </p>
      )}
      <fieldset>
        <legend>Consultation before detaining</legend>
        <label className="check">
          <input type="radio" name="consult" checked={consulted} onChange={() => setConsulted(true)} /> Consulted
        </label>
        <label className="check">
          <input type="radio" name="consult" checked={!consulted} onChange={() => setConsulted(false)} /> Not
          practicable
        </label>
        {consulted ? (
          <>
            <label>
              Profession
              <select value={profession} onChange={(e) => setProfession(e.target.value)}>
                {rules.consultableProfessions.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Name
              <input value={consultedName} onChange={(e) => setConsultedName(e.target.value)} />
            </label>
          </>
        ) : (
          <label>
            Why it was not practicable
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        )}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} /> Kept at a place of safety
        they were already at
      </label>
    </StepDialog>
  );
}

/** Why a registry place cannot take this person now, or null if it can (R-POS-REGISTRY). */
function placeUnavailable(service: TService, category: TPlaceCategory): string | null {
  if (service.status === 'closed' || service.status === 'diverting') return service.status;
  if (!keepsRooms(service)) return null;
  if (service.capacity[category].total === 0) return category === 'under18' ? 'no under-18 room' : 'no adult room';
  if (freePlaces(service, category) < 1) return 'full';
  return null;
}

function roomsText(service: TService, category: TPlaceCategory, unavailable: string | null): string {
  if (unavailable) return unavailable;
  if (!keepsRooms(service)) return 'rooms not counted';
  const free = freePlaces(service, category);
  const what = category === 'under18' ? 'under-18 room' : 'adult room';
  return `${free} ${what}${free === 1 ? '' : 's'} free`;
}

function PlaceDialog({
  card,
  version,
  onSend,
  onClose,
  error,
  detention,
  now,
}: TDialogProps & { detention: TDetention; now: number }) {
  const registry = useQuery(serviceListQuery);
  const [choice, setChoice] = useState<string>('');
  const [typedKind, setTypedKind] = useState<(typeof PLACE_OF_SAFETY_KINDS)[number]>('other');
  const [name, setName] = useState('');
  const [custodyId, setCustodyId] = useState('');
  const [arrivalMinutes, setArrivalMinutes] = useState('');
  const [mode, setMode] = useState<'ambulance' | 'police-vehicle' | 'other' | 'not-known'>('ambulance');
  const [reason, setReason] = useState<keyof typeof POLICE_VEHICLE_REASON_LABELS>('no-ambulance-within-30-min');
  const [ageStatement, setAgeStatement] = useState<'under-18' | '18-or-over' | null>(detention.ageStatement);
  const [authority, setAuthority] = useState<TPoliceStationAuthority>({
    imminentRiskOfSeriousInjuryOrDeath: false,
    noOtherPlaceCanReasonablyDetain: false,
    healthcareProfessionalWillBePresent: false,
    healthProfessionalConsulted: 'yes',
    authorisingOfficer: { name: '', rank: 'inspector' },
    arrestedForSubstantiveOffence: false,
  });
  const isAgeUnknown = card.person.age.kind === 'unknown';
  const block = policeStationBlock(card, ageStatement, new Date(now));
  const isChild = block !== null && !block.startsWith('Age unknown');
  const category = roomCategoryFor(card, ageStatement, new Date(now));
  const services = registry.data?.services ?? [];
  const places = services
    .filter((s) => isPlaceOfSafetyService(s) && s.kind !== 'custody')
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  const custody = services.filter((s) => s.kind === 'custody');
  const chosen = places.find((s) => s.id === choice) ?? null;
  const kind: (typeof PLACE_OF_SAFETY_KINDS)[number] = chosen
    ? (PLACE_OF_SAFETY_BY_SERVICE_KIND[chosen.kind] ?? 'other')
    : choice === 'police-station'
      ? 'police-station'
      : typedKind;
  const custodyRecord = custody.find((s) => s.id === custodyId) ?? null;
  const minutes = Number(arrivalMinutes);
  const expectedArrivalAt =
    arrivalMinutes.trim() !== '' && Number.isFinite(minutes) && minutes >= 0
      ? new Date(now + minutes * 60_000).toISOString()
      : null;
  const flag = (
    key:
      | 'imminentRiskOfSeriousInjuryOrDeath'
      | 'noOtherPlaceCanReasonablyDetain'
      | 'healthcareProfessionalWillBePresent'
      | 'arrestedForSubstantiveOffence',
    label: string,
  ) => (
    <label className="check">
      <input
        type="checkbox"
        checked={authority[key]}
        onChange={(e) => setAuthority({ ...authority, [key]: e.target.checked })}
      />{' '}
      {label}
    </label>
  );
  return (
    <StepDialog
      title={detention.places.length > 0 ? 'Transfer to another place of safety' : 'Choose the place of safety'}
      onClose={onClose}
      error={error}
      submitLabel="Save place of safety"
      onSubmit={() =>
        void onSend('case:choose-place-of-safety', {
          expectedVersion: version,
          kind,
          // From the registry the server takes the name (and holds the room); typed, it is marked as such.
          name: chosen?.name ?? (kind === 'police-station' && custodyRecord ? custodyRecord.name : name),
          serviceId: chosen?.id ?? (kind === 'police-station' ? (custodyRecord?.id ?? null) : null),
          expectedArrivalAt,
          transport: mode === 'police-vehicle' ? { mode, reason } : { mode },
          policeStation: kind === 'police-station' ? authority : null,
          ageStatement,
        })
      }
    >
      {isAgeUnknown && (
        <fieldset>
          <legend>The person’s age is unknown. Are they under 18?</legend>
          <label className="check">
            <input
              type="radio"
              name="age"
              checked={ageStatement === 'under-18'}
              onChange={() => setAgeStatement('under-18')}
            />{' '}
            Under 18, or may be
          </label>
          <label className="check">
            <input
              type="radio"
              name="age"
              checked={ageStatement === '18-or-over'}
              onChange={() => setAgeStatement('18-or-over')}
            />{' '}
            18 or over
          </label>
        </fieldset>
      )}
      <fieldset className="place-choice">
        <legend>
          Place of safety {category === 'under18' && <span className="chip child">Under-18 room needed</span>}
        </legend>
        {registry.isPending && <p className="muted">Loading the area’s places of safety…</p>}
        {places.map((s) => {
          const unavailable = placeUnavailable(s, category);
          return (
            <label key={s.id} className="check">
              <input
                type="radio"
                name="place"
                value={s.id}
                checked={choice === s.id}
                disabled={unavailable !== null}
                onChange={() => setChoice(s.id)}
              />{' '}
              <strong>{s.name}</strong> <span className="muted">· {roomsText(s, category, unavailable)}</span>
            </label>
          );
        })}
        <label className="check">
          <input
            type="radio"
            name="place"
            value="police-station"
            checked={choice === 'police-station'}
            disabled={isChild}
            onChange={() => setChoice('police-station')}
          />{' '}
          Police station — an exception{isChild ? ', never for under-18s' : ''}
        </label>
        <label className="check">
          <input
            type="radio"
            name="place"
            value="typed"
            checked={choice === 'typed'}
            onChange={() => setChoice('typed')}
          />{' '}
          Another place, not in the registry
        </label>
      </fieldset>
      {isChild && (
        <p className="notice">
          A police station can never be a place of safety for someone under 18. <RuleHelp id="R-POS-CHILD" />
        </p>
      )}
      {choice === 'police-station' && custody.length > 0 && (
        <label>
          Which police station
          <select value={custodyId} onChange={(e) => setCustodyId(e.target.value)}>
            <option value="">Not in the registry (type it below)</option>
            {custody.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {choice === 'typed' && (
        <label>
          What kind of place
          <select value={typedKind} onChange={(e) => setTypedKind(e.target.value as typeof typedKind)}>
            {PLACE_OF_SAFETY_KINDS.filter((k) => k !== 'police-station').map((k) => (
              <option key={k} value={k}>
                {PLACE_OF_SAFETY_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      )}
      {(choice === 'typed' || (choice === 'police-station' && !custodyRecord)) && (
        <label>
          Name of the place (recorded as outside the registry)
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. St Jude’s clinic" />
        </label>
      )}
      <label>
        Expected arrival in (minutes, optional)
        <input
          type="number"
          min={0}
          inputMode="numeric"
          value={arrivalMinutes}
          onChange={(e) => setArrivalMinutes(e.target.value)}
        />
      </label>
      <label>
        Transport
        <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          <option value="ambulance">Ambulance</option>
          <option value="police-vehicle">Police vehicle</option>
          <option value="other">Other</option>
          <option value="not-known">Not known</option>
        </select>
      </label>
      {mode === 'police-vehicle' && (
        <label>
          Why a police vehicle
          <select value={reason} onChange={(e) => setReason(e.target.value as typeof reason)}>
            <EnumOptions
              values={Object.keys(POLICE_VEHICLE_REASON_LABELS) as (keyof typeof POLICE_VEHICLE_REASON_LABELS)[]}
              labels={POLICE_VEHICLE_REASON_LABELS}
            />
          </select>
        </label>
      )}
      {kind === 'police-station' && (
        <fieldset>
          <legend>
            Police station: every condition must hold <RuleHelp id="R-POS-ADULT" />
          </legend>
          {flag('imminentRiskOfSeriousInjuryOrDeath', 'Behaviour poses an imminent risk of serious injury or death')}
          {flag(
            'noOtherPlaceCanReasonablyDetain',
            'No other place of safety in the police area can reasonably detain them',
          )}
          {flag('healthcareProfessionalWillBePresent', 'A healthcare professional will be present')}
          <label>
            Health professional consulted
            <select
              value={authority.healthProfessionalConsulted}
              onChange={(e) =>
                setAuthority({
                  ...authority,
                  healthProfessionalConsulted: e.target.value as 'yes' | 'not-reasonably-practicable',
                })
              }
            >
              <option value="yes">Yes</option>
              <option value="not-reasonably-practicable">Not reasonably practicable</option>
            </select>
          </label>
          <label>
            Authorising officer (inspector or above)
            <input
              value={authority.authorisingOfficer.name}
              onChange={(e) =>
                setAuthority({
                  ...authority,
                  authorisingOfficer: { ...authority.authorisingOfficer, name: e.target.value },
                })
              }
            />
          </label>
          <label>
            Rank
            <select
              value={authority.authorisingOfficer.rank}
              onChange={(e) =>
                setAuthority({
                  ...authority,
                  authorisingOfficer: {
                    ...authority.authorisingOfficer,
                    rank: e.target.value as TPoliceStationAuthority['authorisingOfficer']['rank'],
                  },
                })
              }
            >
              {AUTHORISING_RANKS.map((r) => (
                <option key={r} value={r}>
                  {AUTHORISING_RANK_LABELS[r]}
                </option>
              ))}
            </select>
          </label>
          {flag('arrestedForSubstantiveOffence', 'Arrested for a substantive offence (Home Office return)')}
        </fieldset>
      )}
    </StepDialog>
  );
}

function ArrivalDialog({ version, onSend, onClose, error }: TDialogProps) {
  const [onSite, setOnSite] = useState(nowLocal());
  const [entered, setEntered] = useState('');
  return (
    <StepDialog
      title="Arrival at the place of safety"
      onClose={onClose}
      error={error}
      submitLabel="Record arrival"
      onSubmit={() =>
        void onSend('case:record-arrival', {
          expectedVersion: version,
          arrivedOnSiteAt: localToIso(onSite),
          enteredAt: localToIso(entered),
        })
      }
    >
      <p className="muted">
        The clock runs from the earlier of the two. <RuleHelp id="R-S136-CLOCK-1" />
      </p>
      <label>
        Arrived on site
        <input type="datetime-local" value={onSite} onChange={(e) => setOnSite(e.target.value)} />
      </label>
      <label>
        Entered (leave blank if not yet)
        <input type="datetime-local" value={entered} onChange={(e) => setEntered(e.target.value)} />
      </label>
    </StepDialog>
  );
}

function TimeDialog({
  title,
  command,
  version,
  onSend,
  onClose,
  error,
}: TDialogProps & { title: string; command: 'case:record-handover' }) {
  const [at, setAt] = useState(nowLocal());
  return (
    <StepDialog
      title={title}
      onClose={onClose}
      error={error}
      submitLabel="Save"
      onSubmit={() => void onSend(command, { expectedVersion: version, at: localToIso(at) ?? '' })}
    >
      <TimeField label="Time" value={at} onChange={setAt} />
    </StepDialog>
  );
}

function WelfareDialog({ onSend, onClose, error }: TDialogProps) {
  const [at, setAt] = useState(nowLocal());
  const [by, setBy] = useState('');
  return (
    <StepDialog
      title="Welfare check"
      onClose={onClose}
      error={error}
      submitLabel="Record check"
      onSubmit={() => void onSend('case:record-welfare-check', { at: localToIso(at) ?? '', by })}
    >
      <TimeField label="Time" value={at} onChange={setAt} />
      <label>
        Healthcare professional
        <input value={by} onChange={(e) => setBy(e.target.value)} />
      </label>
    </StepDialog>
  );
}

function DoctorDialog({ version, onSend, onClose, error }: TDialogProps) {
  const [at, setAt] = useState(nowLocal());
  const [doctorName, setDoctorName] = useState('');
  const [isS12, setIsS12] = useState(true);
  const [whyNot, setWhyNot] = useState('');
  return (
    <StepDialog
      title="Doctor’s examination"
      onClose={onClose}
      error={error}
      submitLabel="Record examination"
      onSubmit={() =>
        void onSend('case:record-assessment', {
          expectedVersion: version,
          assessment: { kind: 'doctor', at: localToIso(at) ?? '', doctorName, isS12Approved: isS12, whyNotS12: whyNot },
        })
      }
    >
      <TimeField label="Time" value={at} onChange={setAt} />
      <label>
        Doctor
        <input value={doctorName} onChange={(e) => setDoctorName(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={isS12} onChange={(e) => setIsS12(e.target.checked)} /> Section 12 approved
      </label>
      {!isS12 && (
        <label>
          Why not a section 12 approved doctor
          <input value={whyNot} onChange={(e) => setWhyNot(e.target.value)} />
        </label>
      )}
    </StepDialog>
  );
}

function AmhpDialog({ version, onSend, onClose, error }: TDialogProps) {
  const [at, setAt] = useState(nowLocal());
  const [amhpName, setAmhpName] = useState('');
  return (
    <StepDialog
      title="AMHP interview"
      onClose={onClose}
      error={error}
      submitLabel="Record interview"
      onSubmit={() =>
        void onSend('case:record-assessment', {
          expectedVersion: version,
          assessment: { kind: 'amhp', at: localToIso(at) ?? '', amhpName },
        })
      }
    >
      <TimeField label="Time" value={at} onChange={setAt} />
      <label>
        AMHP
        <input value={amhpName} onChange={(e) => setAmhpName(e.target.value)} />
      </label>
    </StepDialog>
  );
}

function ExtendDialog({ card, version, onSend, onClose, error }: TDialogProps) {
  const [hours, setHours] = useState(12);
  const [doctorName, setDoctorName] = useState(card.detention?.doctorExamination?.doctorName ?? '');
  const [isConfirmed, setIsConfirmed] = useState(false);
  const [superintendent, setSuperintendent] = useState('');
  const atStation = card.detention ? currentPlace(card.detention)?.kind === 'police-station' : false;
  return (
    <StepDialog
      title="Extend the detention"
      onClose={onClose}
      error={error}
      submitLabel="Extend"
      // The doctor who examined, the ground confirmed and, at a police station, the superintendent: the button
      // waits for all of them.
      isReady={isConfirmed && doctorName.trim() !== '' && (!atStation || superintendent.trim() !== '')}
      onSubmit={() => {
        if (!isConfirmed) return;
        void onSend('case:extend-detention', {
          expectedVersion: version,
          minutes: hours * 60,
          doctorName,
          // The only lawful ground: the law refuses the others, so they are explained, not offered.
          ground: 'person-condition',
          superintendent: superintendent || null,
        });
      }}
    >
      <p className="muted">
        Once only, by the examining doctor, before the time limit. <RuleHelp id="R-S136-EXT" />
      </p>
      <p className="notice">
        The only ground the law allows is the person’s condition. No AMHP, no doctor or no bed is not a ground: tell the
        duty manager instead.
      </p>
      <label>
        Hours (at most 12)
        <input type="number" min={1} max={12} value={hours} onChange={(e) => setHours(Number(e.target.value))} />
      </label>
      <label>
        Examining doctor
        <input value={doctorName} onChange={(e) => setDoctorName(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" required checked={isConfirmed} onChange={(e) => setIsConfirmed(e.target.checked)} />{' '}
        {EXTENSION_GROUND_LABELS['person-condition']} (the examining doctor says so)
      </label>
      {atStation && (
        <label>
          Approving superintendent (required at a police station)
          <input value={superintendent} onChange={(e) => setSuperintendent(e.target.value)} />
        </label>
      )}
    </StepDialog>
  );
}

function EndDialog({ version, onSend, onClose, error }: TDialogProps) {
  // No outcome is chosen for the person recording it: a legal record's outcome is a decision, not a default.
  const [outcome, setOutcome] = useState<(typeof DETENTION_OUTCOMES)[number] | ''>('');
  const [note, setNote] = useState('');
  return (
    <StepDialog
      title="End the detention"
      onClose={onClose}
      error={error}
      submitLabel="End detention"
      isReady={outcome !== ''}
      onSubmit={() => {
        if (outcome !== '') void onSend('case:end-detention', { expectedVersion: version, outcome, note });
      }}
    >
      <label>
        Outcome
        <select required value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)}>
          <option value="" disabled>
            Choose the outcome…
          </option>
          <EnumOptions values={DETENTION_OUTCOMES} labels={DETENTION_OUTCOME_LABELS} />
        </select>
      </label>
      <label>
        Note
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
    </StepDialog>
  );
}

/** A time a person records, in their device's local time (converted to an instant on send). */
function TimeField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <label>
      {label}
      <input type="datetime-local" value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
