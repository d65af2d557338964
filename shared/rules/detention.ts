import type { z } from 'zod';
import { legalRulesAt, type TLegalRules } from '../config/legal-rules';
import { DomainError } from '../errors';
import type { TCaseCard, TPersonAge } from '../schemas/case';
import type {
  ZDeadlines,
  TAlertKind,
  TChoosePlaceOfSafetyRequest,
  TDetainRequest,
  TDetention,
  TEndDetentionRequest,
  TExtendDetentionRequest,
  TPlaceOfSafety,
  TRecordArrivalRequest,
  TRecordAssessmentRequest,
  TRecordHandoverRequest,
  TPoliceStationAuthority,
  TRecordWelfareCheckRequest,
} from '../schemas/detention';
import { AUTHORISING_RANK_LABELS } from '../schemas/detention';
import type { TCaseEventData } from './case-events';

const MINUTE = 60_000;
const ms = (iso: string) => new Date(iso).getTime();
const iso = (t: number) => new Date(t).toISOString();
/** Clocks on tablets drift: a time up to this far in the future is accepted as "now". */
const FUTURE_TOLERANCE_MS = 5 * MINUTE;

/** "Inspector Rachel Ndlovu", without saying the rank twice when the name already carries it ("Insp. …"). */
function authoriser(authority: TPoliceStationAuthority | null): string {
  if (!authority) return 'nobody recorded';
  const { rank, name } = authority.authorisingOfficer;
  return /^(insp|ch|supt|acc|cc)\b/i.test(name.trim())
    ? name.trim()
    : `${AUTHORISING_RANK_LABELS[rank]} ${name.trim()}`;
}

function refuse(ruleId: string, message: string): never {
  throw new DomainError('RULE_VIOLATION', message, { ruleId });
}

/** The first place of safety the person actually reached (transfers come after it). */
export function firstPlaceReached(d: TDetention): TPlaceOfSafety | null {
  return d.places.find((p) => p.arrivedOnSiteAt !== null || p.enteredAt !== null) ?? null;
}

export function currentPlace(d: TDetention): TPlaceOfSafety | null {
  return d.places[d.places.length - 1] ?? null;
}

/** When someone reached a place: the earlier of arriving on site and entering (R-S136-CLOCK-1). */
export function arrivalAt(place: TPlaceOfSafety): string | null {
  const times = [place.arrivedOnSiteAt, place.enteredAt].filter((t): t is string => t !== null);
  if (times.length === 0) return null;
  return iso(Math.min(...times.map(ms)));
}

/**
 * R-S136-CLOCK-1 / R-S135-CLOCK: the clock starts at arrival at the first place of safety (the earlier of
 * arriving on site and entering), or — when the person was kept where they already were (a place of
 * safety for s136, the premises for s135) — at the decision / first entry. Transfers never restart it
 * (R-S136-TRANSFER).
 */
export function clockStart(d: TDetention): string | null {
  if (d.keptAtPlaceOfSafety) return d.decidedAt;
  const first = firstPlaceReached(d);
  return first ? arrivalAt(first) : null;
}

/** `latestPossibleEnd` is start + permitted period + the maximum extension (36 h today). */
export type TDeadlines = z.infer<typeof ZDeadlines>;

/** Every deadline of a detention, computed from recorded instants as elapsed time (so DST cannot bend it). */
export function deadlines(d: TDetention, now: Date, rules: TLegalRules = legalRulesAt(d.decidedAt)): TDeadlines {
  const start = clockStart(d);
  const startMs = start === null ? null : ms(start);
  const expiresAt =
    startMs === null ? null : iso(startMs + (rules.permittedPeriodMinutes + (d.extension?.minutes ?? 0)) * MINUTE);
  const latestPossibleEnd =
    startMs === null ? null : iso(startMs + (rules.permittedPeriodMinutes + rules.maxExtensionMinutes) * MINUTE);
  const first = firstPlaceReached(d);
  const firstArrival = first ? arrivalAt(first) : null;
  const handoverDueAt =
    firstArrival && !d.handedOverAt && !d.outcome ? iso(ms(firstArrival) + rules.handoverTargetMinutes * MINUTE) : null;
  const place = currentPlace(d);
  const placeArrival = place ? arrivalAt(place) : null;
  let nextWelfareCheckDueAt: string | null = null;
  if (place?.kind === 'police-station' && placeArrival && !d.outcome) {
    const checksHere = d.welfareChecks.filter((c) => ms(c.at) >= ms(placeArrival));
    const last = checksHere.length > 0 ? Math.max(...checksHere.map((c) => ms(c.at))) : ms(placeArrival);
    nextWelfareCheckDueAt = iso(last + rules.welfareCheckIntervalMinutes * MINUTE);
  }
  const state = d.outcome
    ? 'ended'
    : startMs === null
      ? 'awaiting-arrival'
      : now.getTime() >= ms(expiresAt ?? '')
        ? 'expired'
        : 'running';
  return { startsAt: start, expiresAt, latestPossibleEnd, handoverDueAt, nextWelfareCheckDueAt, state };
}

/** Full years at an instant, from an age or a date of birth; null when unknown. */
export function ageInYears(age: TPersonAge, at: Date): number | null {
  if (age.kind === 'age') return age.years;
  if (age.kind === 'unknown') return null;
  const [y, m, d] = age.date.split('-').map(Number) as [number, number, number];
  const years = at.getUTCFullYear() - y;
  const hadBirthday = at.getUTCMonth() + 1 > m || (at.getUTCMonth() + 1 === m && at.getUTCDate() >= d);
  return hadBirthday ? years : years - 1;
}

function activeDetention(card: TCaseCard): TDetention {
  if (!card.detention) refuse('R-S136-POWER', 'No detention is recorded on this card');
  if (card.detention.outcome) refuse('R-S136-END', 'This detention has ended');
  return card.detention;
}

function notInFuture(at: string, now: Date, what: string): void {
  if (ms(at) > now.getTime() + FUTURE_TOLERANCE_MS) refuse('R-S136-CLOCK-1', `${what} cannot be in the future`);
}

/**
 * R-S136-POWER (a constable's power), R-S136-PLACE (never in a dwelling or its private garden),
 * R-S136-CONSULT (who was consulted, or why it was not practicable).
 */
export function decideDetain(card: TCaseCard, input: TDetainRequest, now: Date): TCaseEventData {
  if (card.detention && !card.detention.outcome) refuse('R-S136-END', 'A detention is already running on this card');
  if (card.detention) refuse('R-S136-END', 'This card already holds a detention; a new detention is a new card');
  const rules = legalRulesAt(input.decidedAt);
  if (input.power === 's136' && (input.place === 'dwelling' || input.place === 'dwelling-private-garden')) {
    refuse(
      'R-S136-PLACE',
      'Section 136 cannot be used in a house, flat or room where someone lives, or its private garden, yard, garage or outhouse',
    );
  }
  const consultation = input.consultation;
  if (
    consultation.kind === 'consulted' &&
    !rules.consultableProfessions.some((p) => p.id === consultation.profession)
  ) {
    refuse(
      'R-S136-CONSULT',
      'Consultation must be with a doctor, registered nurse, AMHP or another profession named in regulations',
    );
  }
  notInFuture(input.decidedAt, now, 'The time of detention');
  const detention: TDetention = {
    power: input.power,
    rulesVersion: rules.version,
    officer: input.officer,
    decidedAt: input.decidedAt,
    place: input.place,
    consultation: input.consultation,
    keptAtPlaceOfSafety: input.keptAtPlaceOfSafety,
    ageStatement: null,
    places: [],
    welfareChecks: [],
    handedOverAt: null,
    doctorExamination: null,
    amhpInterview: null,
    extension: null,
    outcome: null,
    breachedAt: null,
  };
  return { type: 'case.detained', data: { detention } };
}

/** Is a police station ruled out for this person? R-POS-CHILD: under 18 never, and unknown age must be stated. */
export function policeStationBlock(
  card: TCaseCard,
  ageStatement: 'under-18' | '18-or-over' | null,
  now: Date,
): string | null {
  const years = ageInYears(card.person.age, now);
  if (years !== null && years < 18)
    return 'A person under 18 may never be taken to, kept at or moved to a police station as a place of safety';
  if (years === null && ageStatement === null)
    return 'Age unknown: state whether the person is under 18 before choosing a police station';
  if (years === null && ageStatement === 'under-18')
    return 'A person under 18 may never be taken to, kept at or moved to a police station as a place of safety';
  return null;
}

/**
 * Choosing the first place of safety, or a transfer (R-S136-TRANSFER keeps the clock). A police station
 * passes the gate only for an adult (R-POS-CHILD) with every R-POS-ADULT condition recorded.
 */
export function decidePlaceOfSafety(
  card: TCaseCard,
  input: TChoosePlaceOfSafetyRequest,
  now: Date,
  registry: { serviceId: string; holdId: string | null; category: TPlaceOfSafety['category'] } | null = null,
): TCaseEventData[] {
  const d = activeDetention(card);
  if (input.kind === 'police-station') {
    const block = policeStationBlock(card, input.ageStatement ?? d.ageStatement, now);
    if (block) refuse('R-POS-CHILD', block);
    const a = input.policeStation;
    if (!a) refuse('R-POS-ADULT', 'A police station needs every condition recorded and an inspector’s authority');
    if (!a.imminentRiskOfSeriousInjuryOrDeath)
      refuse('R-POS-ADULT', 'Only when behaviour poses an imminent risk of serious injury or death');
    if (!a.noOtherPlaceCanReasonablyDetain)
      refuse('R-POS-ADULT', 'Only when no other place of safety in the police area can reasonably detain them');
    if (!a.healthcareProfessionalWillBePresent)
      refuse('R-POS-ADULT', 'Only when a healthcare professional will be present');
  }
  const place: TPlaceOfSafety = {
    kind: input.kind,
    name: input.name,
    transport: input.transport,
    policeStation: input.kind === 'police-station' ? input.policeStation : null,
    chosenAt: now.toISOString(),
    arrivedOnSiteAt: null,
    enteredAt: null,
    // A place typed by hand is recorded as outside the registry (R-POS-REGISTRY).
    serviceId: registry?.serviceId ?? null,
    holdId: registry?.holdId ?? null,
    category: registry?.category ?? null,
    expectedArrivalAt: input.expectedArrivalAt ?? null,
  };
  const events: TCaseEventData[] = [
    { type: 'case.place-of-safety-chosen', data: { place, ageStatement: input.ageStatement } },
  ];
  if (input.kind === 'police-station') {
    events.push({
      type: 'case.alert-raised',
      data: {
        alertId: `${card.id}:police-station:${d.places.length}`,
        kind: 'police-station-used',
        message: `Police station chosen as place of safety (${input.name}), authorised by ${authoriser(input.policeStation)}`,
      },
    });
  }
  return events;
}

export function decideArrival(card: TCaseCard, input: TRecordArrivalRequest, now: Date): TCaseEventData {
  const d = activeDetention(card);
  const place = currentPlace(d);
  if (!place) refuse('R-S136-CLOCK-1', 'Choose the place of safety before recording arrival');
  if (place.arrivedOnSiteAt || place.enteredAt) refuse('R-S136-CLOCK-1', 'Arrival at this place is already recorded');
  for (const t of [input.arrivedOnSiteAt, input.enteredAt]) {
    if (t === null) continue;
    notInFuture(t, now, 'Arrival');
    if (ms(t) < ms(d.decidedAt)) refuse('R-S136-CLOCK-1', 'Arrival cannot be before the detention');
  }
  return {
    type: 'case.arrival-recorded',
    data: { arrivedOnSiteAt: input.arrivedOnSiteAt, enteredAt: input.enteredAt },
  };
}

/** R-POS-WELFARE: recorded while the person is held at a police station. */
export function decideWelfareCheck(card: TCaseCard, input: TRecordWelfareCheckRequest, now: Date): TCaseEventData {
  const d = activeDetention(card);
  const place = currentPlace(d);
  if (place?.kind !== 'police-station' || !arrivalAt(place))
    refuse('R-POS-WELFARE', 'Welfare checks are recorded while the person is at a police station');
  notInFuture(input.at, now, 'A welfare check');
  return { type: 'case.welfare-check-recorded', data: { at: input.at, by: input.by } };
}

/** R-RCRP-HANDOVER: police hand the person to health staff at the place of safety. */
export function decideHandover(card: TCaseCard, input: TRecordHandoverRequest, now: Date): TCaseEventData {
  const d = activeDetention(card);
  const first = firstPlaceReached(d);
  if (!first) refuse('R-RCRP-HANDOVER', 'Record arrival at the place of safety first');
  if (d.handedOverAt) refuse('R-RCRP-HANDOVER', 'Handover is already recorded');
  notInFuture(input.at, now, 'Handover');
  return { type: 'case.handover-recorded', data: { at: input.at } };
}

export function decideAssessment(card: TCaseCard, input: TRecordAssessmentRequest, now: Date): TCaseEventData {
  const d = activeDetention(card);
  notInFuture(input.assessment.at, now, 'An assessment');
  if (input.assessment.kind === 'doctor') {
    if (d.doctorExamination) refuse('R-S136-END', "The doctor's examination is already recorded");
    if (!input.assessment.isS12Approved && input.assessment.whyNotS12.trim().length < 3) {
      refuse('R-S136-END', 'Say why the examining doctor is not section 12 approved');
    }
  } else if (d.amhpInterview) {
    refuse('R-S136-END', 'The AMHP interview is already recorded');
  }
  return { type: 'case.assessment-recorded', data: { assessment: input.assessment } };
}

/**
 * R-S136-EXT: one extension, of at most 12 hours, authorised by the examining doctor, before expiry,
 * only because the person's condition makes assessment impracticable in time; a superintendent must
 * approve when the person is at a police station.
 */
export function decideExtend(card: TCaseCard, input: TExtendDetentionRequest, now: Date): TCaseEventData {
  const d = activeDetention(card);
  const rules = legalRulesAt(d.decidedAt);
  const { expiresAt } = deadlines(d, now, rules);
  if (!expiresAt) refuse('R-S136-EXT', 'The detention clock has not started');
  if (now.getTime() >= ms(expiresAt)) refuse('R-S136-EXT', 'The detention has already expired: it cannot be extended');
  if (d.extension) refuse('R-S136-EXT', 'A detention can be extended only once');
  if (input.ground !== 'person-condition') {
    refuse('R-S136-EXT', `An extension is only for the person's condition, not "${input.ground.replace(/-/g, ' ')}"`);
  }
  if (!d.doctorExamination)
    refuse('R-S136-EXT', 'Only the doctor responsible for the examination can extend; record the examination first');
  if (d.doctorExamination.doctorName.trim().toLowerCase() !== input.doctorName.trim().toLowerCase()) {
    refuse('R-S136-EXT', `Only the examining doctor (${d.doctorExamination.doctorName}) can extend`);
  }
  if (input.minutes > rules.maxExtensionMinutes)
    refuse('R-S136-EXT', `An extension is at most ${rules.maxExtensionMinutes / 60} hours`);
  if (currentPlace(d)?.kind === 'police-station' && !input.superintendent) {
    refuse('R-S136-EXT', 'At a police station a superintendent or above must approve the extension');
  }
  return {
    type: 'case.detention-extended',
    data: { minutes: input.minutes, by: input.doctorName, superintendent: input.superintendent },
  };
}

/** R-S136-END: the detention ends with an outcome. */
export function decideEndDetention(card: TCaseCard, input: TEndDetentionRequest): TCaseEventData {
  activeDetention(card);
  return { type: 'case.detention-ended', data: { outcome: input.outcome, note: input.note } };
}

export interface TDueAlert {
  alertId: string;
  kind: TAlertKind;
  message: string;
}

const hm = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

/**
 * The alerts a detention is due at `now` that the card does not hold yet. Each id is derived from the
 * threshold, so raising it twice — after a restart, or from a second server — is recognisably the same
 * alert (SPEC S-18).
 */
export function dueAlerts(card: TCaseCard, now: Date): TDueAlert[] {
  const d = card.detention;
  if (!d || d.outcome) return [];
  const rules = legalRulesAt(d.decidedAt);
  const t = now.getTime();
  const dl = deadlines(d, now, rules);
  const due: TDueAlert[] = [];
  const first = firstPlaceReached(d);
  const firstArrival = first ? arrivalAt(first) : null;
  if (firstArrival && !d.handedOverAt) {
    for (const m of rules.handoverAlertMinutes) {
      if (t < ms(firstArrival) + m * MINUTE) continue;
      const isOverdue = m >= rules.handoverTargetMinutes;
      due.push({
        alertId: `${card.id}:handover:${m}`,
        kind: isOverdue ? 'handover-overdue' : 'handover-warning',
        // Said as what was true when it was raised, not as a count that would go stale on screen.
        message: isOverdue
          ? `Police handover overdue: not recorded ${hm(m)} after arrival`
          : `Police handover not recorded ${hm(m)} after arrival`,
      });
    }
  }
  if (dl.startsAt && dl.expiresAt) {
    const expiry = ms(dl.expiresAt);
    for (const m of rules.detentionAlertMinutes) {
      const before = rules.permittedPeriodMinutes - m;
      if (t < expiry - before * MINUTE) continue;
      due.push({
        alertId: `${card.id}:expiry-warning:${dl.expiresAt}:${before}`,
        kind: 'detention-warning',
        message: `Detention has under ${hm(before)} left`,
      });
    }
    if (t >= expiry) {
      due.push({
        alertId: `${card.id}:expired:${dl.expiresAt}`,
        kind: 'detention-expired',
        message: 'Detention period expired without an outcome: breach recorded',
      });
    }
  }
  if (dl.nextWelfareCheckDueAt && t >= ms(dl.nextWelfareCheckDueAt) - rules.welfareWarningMinutes * MINUTE) {
    due.push({
      alertId: `${card.id}:welfare:${dl.nextWelfareCheckDueAt}`,
      kind: 'welfare-check-due',
      message: 'Welfare check due at the police station',
    });
  }
  const raised = new Set(card.alerts.map((a) => a.id));
  return due.filter((a) => !raised.has(a.alertId));
}

/** Acknowledging an alert says a named person has seen it; it is done once. */
export function decideAcknowledgeAlert(card: TCaseCard, alertId: string): TCaseEventData {
  const alert = card.alerts.find((a) => a.id === alertId);
  if (!alert) throw new DomainError('NOT_FOUND', 'No such alert on this card');
  if (alert.kind === 'break-glass') {
    throw new DomainError('RULE_VIOLATION', 'A break-glass alert is closed by reviewing the use', {
      ruleId: 'R-IG-BREAKGLASS',
    });
  }
  if (alert.acknowledgedAt)
    throw new DomainError('RULE_VIOLATION', `Already acknowledged by ${alert.acknowledgedBy?.name ?? 'someone'}`);
  return { type: 'case.alert-acknowledged', data: { alertId } };
}

/**
 * Running detentions, oldest clock first (the AMHP worklist order); those whose clock has not started
 * come last. `awaitingAssessment` keeps only those without an AMHP interview.
 */
export function runningDetentions(
  cards: readonly TCaseCard[],
  options: { awaitingAssessment?: boolean } = {},
): TCaseCard[] {
  const startOf = (c: TCaseCard) => (c.detention ? clockStart(c.detention) : null) ?? '9999';
  return cards
    .filter((c) => c.detention && !c.detention.outcome && (!options.awaitingAssessment || !c.detention.amhpInterview))
    .sort((a, b) => startOf(a).localeCompare(startOf(b)));
}
