import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { DiscardPrompt } from '../../components/modal';
import { Link } from 'wouter';
import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import {
  canEditField,
  canReadPersonHistory,
  canRunCommand,
  caseViewForRole,
  type TCaseCommand,
} from '@shared/rules/permissions';
import { formatNhsNumber } from '@shared/rules/nhs-number';
import { INFORMATION_SHARING_POLICY } from '@shared/config/information-sharing';
import { withheldExplanation } from '@shared/rules/redaction';
import type { TCommandPayload } from '@shared/protocol';
import {
  CHANNEL_LABELS,
  ETHNIC_CATEGORIES,
  FOLLOW_UP_LABELS,
  LOCATION_TYPE_LABELS,
  OUTCOME_LABELS,
  ZCaseDetails,
  type TCaseCard,
  type TCaseWithTimeline,
  type TNoteVisibility,
} from '@shared/schemas/case';
import type { TActor, TUser } from '@shared/schemas/user';
import { api } from '../../api/http';
import { queryKeys } from '../../api/query-keys';
import { formatAgo, formatExact } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { useOutboxEntries } from '../../offline/outbox';
import { notesNotSent } from '../../offline/outbox-rules';
import { useOutboxCommand } from '../../offline/use-outbox-command';
import { useSocket } from '../../socket/socket-provider';
import { CloseDialog, ContactLostDialog } from './case-actions';
import { useLiveOnCard } from './live-on-card';
import { canRunUnitCommand } from '@shared/rules/unit-lifecycle';
import { PlaceFinderPanel } from '../capacity/place-finder-panel';
import { ReasonAction } from '../../components/reason-action';
import { DispatchPanel } from '../units/units-panel';
import { DetentionPanel } from '../detention/detention-panel';
import { CardAlerts } from './card-alerts';
import { PersonHistory } from '../search/person-history';
import { BreakGlassControl, BreakGlassUses } from './break-glass';
import { ConflictDialog } from './conflict-dialog';
import { CallerFields, PriorityField, LocationFields, PersonFields, RiskFlagFields, SafetyFields } from './form-fields';
import { cardTitle, personLine, PriorityBadge, RiskChips, SafetyLine } from './labels';
import { ErrorMessage, useCaseCommand } from './use-case-command';

type TAttempt = { [C in TCaseCommand]: { name: C; payload: Omit<TCommandPayload<C>, 'commandId'> } }[TCaseCommand];

function Presence({ caseId, me }: { caseId: string; me: string }) {
  const { data } = useQuery<TActor[]>({ queryKey: queryKeys.presence(caseId), queryFn: () => [], staleTime: Infinity });
  const others = (data ?? []).filter((a) => a.id !== me);
  const text = others.length > 0 ? `Also viewing: ${others.map((a) => a.name).join(', ')}` : '';
  // A line of its own under the title, kept even when empty, so someone arriving or leaving never moves
  // the card's buttons; the live region is always there, so a screen reader hears who arrives.
  return (
    <p className="presence" aria-live="polite" title={text || undefined}>
      {text}
    </p>
  );
}

/** One card: its details, the actions the role allows, notes, and the timeline built from events. */
export function CaseDetail({ caseId, user }: { caseId: string; user: TUser }) {
  const { viewCase, recentlyChanged } = useSocket();
  const now = useNow(15_000);
  const detail = useQuery({
    queryKey: queryKeys.cases.detail(caseId),
    queryFn: () => api<TCaseWithTimeline>(`/cases/${caseId}`),
  });
  const command = useCaseCommand();
  const [attempt, setAttempt] = useState<TAttempt | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'contact-lost' | 'close' | null>(null);
  const live = useLiveOnCard(caseId, dialog === 'close');
  const [editBaseVersion, setEditBaseVersion] = useState<number | null>(null);

  useEffect(() => {
    viewCase(caseId);
    return () => viewCase(null);
  }, [caseId, viewCase]);

  if (detail.isPending) return <p className="empty">Loading card…</p>;
  if (detail.isError)
    return (
      <p className="empty" role="alert">
        This card could not be loaded: {detail.error.message}
      </p>
    );
  const { card, timeline } = detail.data;
  const can = (c: TCaseCommand) => canRunCommand(user.role, c) && card.status !== 'closed';

  async function attemptCommand(next: TAttempt): Promise<boolean> {
    setAttempt(next);
    const result = await command.run(next.name, next.payload);
    if (result) setAttempt(null);
    return result !== null;
  }

  const conflict = command.error?.code === 'CONFLICT' ? command.error.conflict : undefined;

  return (
    <article className={`card-detail ${recentlyChanged.has(card.id) ? 'flash' : ''}`} aria-labelledby="card-heading">
      <header className="card-head">
        <div className="card-badges">
          <PriorityBadge priority={card.priority} />
          {card.status === 'contact-lost' && <span className="badge contact-lost">Contact lost</span>}
          {card.status === 'closed' && <span className="badge closed">Closed</span>}
          <span className="ref">{card.ref}</span>
          <span className="muted" title={formatExact(card.createdAt)}>
            opened {formatAgo(card.createdAt, now)} via {CHANNEL_LABELS[card.channel]}
          </span>
        </div>
        <h2 id="card-heading">{cardTitle(card)}</h2>
        <Presence caseId={card.id} me={user.id} />
      </header>

      {card.withheld.length > 0 && <WithheldNotice withheld={card.withheld.filter((p) => hasPlaceFor(card, p))} />}
      <BreakGlassControl card={card} user={user} now={now} />
      {card.contactLost && (
        <p className="warning" role="status">
          Contact lost {formatAgo(card.contactLost.since, now)} — follow-up:{' '}
          {FOLLOW_UP_LABELS[card.contactLost.followUp]}. {card.contactLost.note ?? ''}
        </p>
      )}
      <CardAlerts card={card} user={user} />
      {card.outcome && (
        <p className="notice">
          Outcome: {OUTCOME_LABELS[card.outcome.kind]}
          {card.outcome.destinationOrSafetyNet !== null && ` — ${card.outcome.destinationOrSafetyNet}`}
        </p>
      )}

      <div className="actions">
        {can('case:take-ownership') && card.owner?.id !== user.id && (
          <button
            type="button"
            onClick={() =>
              void attemptCommand({ name: 'case:take-ownership', payload: { caseId, expectedVersion: card.version } })
            }
          >
            Take ownership
          </button>
        )}
        {can('case:update') && (
          <button
            type="button"
            onClick={() => {
              setEditBaseVersion(card.version);
              setDialog('edit');
            }}
          >
            Edit card
          </button>
        )}
        {can('case:mark-contact-lost') && card.status === 'open' && (
          <button type="button" onClick={() => setDialog('contact-lost')}>
            Contact lost
          </button>
        )}
        {can('case:restore-contact') && card.status === 'contact-lost' && (
          <button
            type="button"
            onClick={() =>
              void attemptCommand({
                name: 'case:restore-contact',
                payload: { caseId, expectedVersion: card.version, note: '' },
              })
            }
          >
            Contact restored
          </button>
        )}
        {can('case:close') && (
          <button type="button" className="danger" onClick={() => setDialog('close')}>
            Close case
          </button>
        )}
        {card.status === 'closed' && canRunCommand(user.role, 'case:reopen') && (
          <ReasonAction
            label="Reopen card…"
            confirmLabel="Reopen card"
            placeholder="Why is this card reopened?"
            onConfirm={(reason) =>
              attemptCommand({ name: 'case:reopen', payload: { caseId, expectedVersion: card.version, reason } })
            }
          />
        )}
        <Link className="button-link" href={`/cases/${caseId}/print`}>
          Print record
        </Link>
      </div>
      <ErrorMessage error={command.error} />

      {dialog === 'edit' && editBaseVersion !== null ? (
        <EditCardForm
          card={card}
          user={user}
          onCancel={() => setDialog(null)}
          onSave={async (changes) => {
            const ok = await attemptCommand({
              name: 'case:update',
              payload: { caseId, expectedVersion: editBaseVersion, changes },
            });
            if (ok) setDialog(null);
          }}
        />
      ) : (
        <CardFields card={card} />
      )}
      {canReadPersonHistory(user.role) && <PersonHistory card={card} user={user} />}

      {dialog === 'contact-lost' && (
        <ContactLostDialog
          onClose={() => setDialog(null)}
          onSubmit={async (v) => {
            if (
              await attemptCommand({
                name: 'case:mark-contact-lost',
                payload: { caseId, expectedVersion: card.version, ...v },
              })
            )
              setDialog(null);
          }}
        />
      )}
      {dialog === 'close' && (
        <CloseDialog
          isContactLost={card.status === 'contact-lost'}
          live={live}
          onClose={() => setDialog(null)}
          onSubmit={async (outcome) => {
            if (
              await attemptCommand({ name: 'case:close', payload: { caseId, expectedVersion: card.version, outcome } })
            )
              setDialog(null);
          }}
        />
      )}
      {conflict && attempt && (
        <ConflictDialog
          conflict={conflict}
          onKeepTheirs={() => {
            command.clearError();
            setAttempt(null);
            setDialog(null);
          }}
          onApplyMine={() => {
            command.clearError();
            setEditBaseVersion(conflict.current.version);
            void attemptCommand({
              ...attempt,
              payload: { ...attempt.payload, expectedVersion: conflict.current.version },
            } as TAttempt).then((ok) => ok && setDialog(null));
          }}
        />
      )}

      <BreakGlassUses card={card} user={user} />
      <DetentionPanel card={card} user={user} />
      {canRunUnitCommand(user.role, 'unit:dispatch') && <DispatchPanel card={card} />}
      <PlaceFinderPanel card={card} user={user} />
      {can('case:add-note') && <NoteForm caseId={caseId} user={user} />}
      <Timeline
        timeline={timeline}
        now={now}
        notSent={<NotesNotSent caseId={card.id} user={user} arrived={new Set(timeline.map((e) => e.commandId))} />}
      />
    </article>
  );
}

/** Whether a withheld path could hold something on this card (an open card has no outcome note to withhold). */
function hasPlaceFor(card: TCaseCard, path: string): boolean {
  let at: unknown = card;
  for (const segment of path.split('.').slice(0, -1)) {
    if (at === null || typeof at !== 'object') return false;
    at = (at as Record<string, unknown>)[segment];
  }
  return at !== null && at !== undefined;
}

/**
 * Says what this reader is not shown and why, in the words of the information-sharing policy, so an
 * officer knows a clinician holds more (R-IG-MIN).
 */
function WithheldNotice({ withheld }: { withheld: readonly string[] }) {
  return (
    <details className="notice withheld">
      <summary>
        Not shared with your role under the local information-sharing agreement ({INFORMATION_SHARING_POLICY.version}):{' '}
        {withheld.map((p) => withheldExplanation(p).label).join(', ')}.
      </summary>
      <ul>
        {withheld.map((p) => {
          const { label, why } = withheldExplanation(p);
          return (
            <li key={p}>
              <strong>{label}</strong> — {why}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

export function CardFields({ card }: { card: TCaseCard }) {
  const p = card.person;
  return (
    <dl className="fields">
      <dt>Person</dt>
      <dd>{personLine(card)}</dd>
      {p.nhsNumber && (
        <>
          <dt>NHS number</dt>
          <dd>{formatNhsNumber(p.nhsNumber)}</dd>
        </>
      )}
      {p.ethnicity && (
        <>
          <dt>Ethnicity</dt>
          <dd>{ETHNIC_CATEGORIES[p.ethnicity]}</dd>
        </>
      )}
      <dt>Where</dt>
      <dd>
        {card.location.description} ({LOCATION_TYPE_LABELS[card.location.type]})
      </dd>
      <dt>Risks</dt>
      <dd>
        <RiskChips flags={card.riskFlags} />
        {!Object.values(card.riskFlags).some(Boolean) && 'None recorded'}
      </dd>
      <dt>Safety</dt>
      <dd>
        <SafetyLine safety={card.safety} />
      </dd>
      {card.presentingConcerns !== null && (
        <>
          <dt>Presenting concerns</dt>
          <dd>{card.presentingConcerns || '—'}</dd>
        </>
      )}
      {card.caller && (
        <>
          <dt>Caller</dt>
          <dd>
            {[card.caller.name, card.caller.relationship, card.caller.callbackNumber].filter(Boolean).join(' · ') ||
              '—'}
          </dd>
        </>
      )}
      <dt>Owner</dt>
      <dd>{card.owner ? `${card.owner.name}` : 'Nobody yet'}</dd>
    </dl>
  );
}

const ZEditable = ZCaseDetails.pick({
  priority: true,
  summary: true,
  presentingConcerns: true,
  riskFlags: true,
  safety: true,
  location: true,
  person: true,
  caller: true,
});
type TEditable = z.input<typeof ZEditable>;

function EditCardForm({
  card,
  user,
  onCancel,
  onSave,
}: {
  card: TCaseCard;
  user: TUser;
  onCancel: () => void;
  onSave: (changes: Partial<z.output<typeof ZEditable>>) => Promise<void>;
}) {
  const editable = (f: keyof TEditable) => canEditField(user.role, f);
  const form = useForm<Partial<TEditable>, unknown, Partial<z.output<typeof ZEditable>>>({
    resolver: zodResolver(ZEditable.partial()),
    defaultValues: {
      ...(editable('priority') ? { priority: card.priority } : {}),
      ...(editable('summary') ? { summary: card.summary ?? '' } : {}),
      ...(editable('presentingConcerns') ? { presentingConcerns: card.presentingConcerns ?? '' } : {}),
      ...(editable('riskFlags') ? { riskFlags: card.riskFlags } : {}),
      ...(editable('safety') ? { safety: card.safety } : {}),
      ...(editable('location') ? { location: card.location } : {}),
      ...(editable('person') && card.person.ethnicity !== null
        ? { person: { ...card.person, ethnicity: card.person.ethnicity } }
        : {}),
      ...(editable('caller') && card.caller ? { caller: card.caller } : {}),
    },
  });
  const ageKind = useWatch({ control: form.control, name: 'person.age.kind' });
  const { errors, dirtyFields, isSubmitting, isDirty } = form.formState;
  // Escape on the edit form, as in every dialog, never throws typing away without asking.
  const [isAskingToDiscard, setIsAskingToDiscard] = useState(false);
  const handleSubmit = form.handleSubmit(async (values) => {
    const changes = Object.fromEntries(Object.keys(dirtyFields).map((k) => [k, values[k as keyof TEditable]]));
    if (Object.keys(changes).length === 0) return onCancel();
    await onSave(changes);
  });

  return (
    <form
      className="case-form inline"
      noValidate
      aria-label="Edit card"
      onSubmit={(e) => void handleSubmit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void handleSubmit();
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        // Used here: the console's Esc (put the card away) must not also act on it.
        e.preventDefault();
        if (isDirty && !isAskingToDiscard) setIsAskingToDiscard(true);
        else onCancel();
      }}
    >
      {isAskingToDiscard && <DiscardPrompt onKeep={() => setIsAskingToDiscard(false)} onDiscard={onCancel} />}
      {editable('summary') && (
        <label className="wide">
          Situation — shared with police and crews
          <input autoFocus {...form.register('summary')} />
          {errors.summary && <span className="field-error">{errors.summary.message}</span>}
        </label>
      )}
      {editable('priority') && <PriorityField register={form.register} />}
      {editable('location') && <LocationFields register={form.register} />}
      {editable('riskFlags') && <RiskFlagFields register={form.register} />}
      {editable('safety') && <SafetyFields register={form.register} />}
      {editable('person') && <PersonFields register={form.register} ageKind={ageKind} errors={errors.person} />}
      {editable('caller') && <CallerFields register={form.register} />}
      {editable('presentingConcerns') && (
        <label className="wide">
          Presenting concerns — clinical, not shared with police
          <textarea rows={3} {...form.register('presentingConcerns')} />
        </label>
      )}
      <div className="actions wide">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={isSubmitting}>
          Save changes
        </button>
      </div>
    </form>
  );
}

function NoteForm({ caseId, user }: { caseId: string; user: TUser }) {
  const command = useOutboxCommand();
  const isClinical = caseViewForRole(user.role) === 'clinical';
  const usualVisibility: TNoteVisibility = isClinical ? 'clinical' : 'all-agencies';
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<TNoteVisibility>(usualVisibility);
  const handleSubmit = async () => {
    const sent = text;
    // Kept on this device first, so a note written without signal is not lost. Clear only what was
    // kept: anything typed meanwhile stays. Sharing is chosen note by note (H-075): the next note is
    // clinical again unless someone chooses otherwise.
    if (await command.submit('case:add-note', { caseId, text: sent, visibility })) {
      setText((now) => (now === sent ? '' : now));
      setVisibility(usualVisibility);
    }
  };
  return (
    <form
      className="note-form"
      onSubmit={(e) => {
        e.preventDefault();
        void handleSubmit();
      }}
    >
      <label className="wide">
        Add a note
        <textarea
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void handleSubmit();
          }}
        />
      </label>
      {isClinical && (
        <label>
          Shared with
          <select value={visibility} onChange={(e) => setVisibility(e.target.value as TNoteVisibility)}>
            <option value="clinical">Clinical staff only</option>
            <option value="all-agencies">All agencies (including police)</option>
          </select>
        </label>
      )}
      <button type="submit" disabled={command.isStoring || text.trim() === ''}>
        Add note
      </button>
      <ErrorMessage error={command.error} />
    </form>
  );
}

/** This person's notes still on the device, at the top of the timeline until the server has them. */
function NotesNotSent({ caseId, user, arrived }: { caseId: string; user: TUser; arrived: ReadonlySet<string> }) {
  return notesNotSent(useOutboxEntries(), caseId, user.id, arrived).map((e) => (
    <li key={`outbox-${e.order}`} className="not-sent">
      <span className="when">{e.state === 'waiting' ? 'waiting to send' : 'not applied'}</span>{' '}
      <strong>{user.displayName}</strong>: {String(e.payload.text)}
    </li>
  ));
}

function Timeline({
  timeline,
  now,
  notSent,
}: {
  timeline: TCaseWithTimeline['timeline'];
  now: number;
  notSent: ReactNode;
}) {
  return (
    <section aria-labelledby="timeline-heading">
      <h3 id="timeline-heading">Timeline</h3>
      <ol className="timeline">
        {notSent}
        {[...timeline].reverse().map((e) => (
          <li key={e.seq}>
            <span className="when" title={formatExact(e.at)}>
              {formatAgo(e.at, now)}
            </span>{' '}
            <strong>{e.actor.name}</strong>: {e.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
