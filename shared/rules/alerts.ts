import { ALERT_RULES, type TAlertRules } from '../config/alert-rules';
import { CAPACITY_RULES } from '../config/capacity';
import { FOLLOW_UP_LABELS, PRIORITIES, type TCaseCard } from '../schemas/case';
import type { TService } from '../schemas/service';
import { freePlaces, isStale } from './capacity';
import type { TDueAlert } from './detention';
import type { TAlertKind } from '../schemas/detention';
import type { TUnit } from '../schemas/unit';
import type { TRole } from '../schemas/user';

/**
 * One alert model for every console (R-ALERT-SEVERITY): what each kind of alert is, who must see it, who
 * may acknowledge it, whether it is on the wall board, and whether a muted device still sounds it.
 *
 * The alerts themselves are raised as today (legal-clock alerts by the detention job as card events, an
 * SOS by the crew, an unaccepted dispatch by the dispatch job); this module reads them all into one list.
 */
export type TAlertSeverity = 'critical' | 'warning' | 'notice';

/**
 * Besides the card alerts (raised by jobs as card events) and the unit ones (an SOS, an unaccepted
 * dispatch), two are read straight from the services at the moment: a held place about to lapse, and a
 * full service whose figure is out of date. They clear by themselves when the cause goes.
 */
export type TLiveAlertKind = TAlertKind | 'sos' | 'dispatch-unaccepted' | 'hold-expiring' | 'figure-stale-full';

interface TAlertKindRule {
  /** A few plain words for a chip or the board's strip. */
  label: string;
  severity: TAlertSeverity;
  /** Whose console shows it (banner or bell). */
  seenBy: readonly TRole[];
  /** Who may acknowledge it: the same people who may act on it. */
  acknowledgedBy: readonly TRole[];
  /** Shown on the wall board's alert strip. */
  isOnBoard: boolean;
  /** A device's mute silences it; an SOS is never silenced (R-ALERT-MUTE). */
  isSilencedByMute: boolean;
  /** Shown as a chip on its card in the queue (critical alerts always are). */
  isQueueChip: boolean;
}

const HUB: readonly TRole[] = ['operator', 'duty-manager'];
/** Everyone who works detention cards: they see and acknowledge the legal-clock alerts (permissions). */
const DETENTION: readonly TRole[] = [
  'operator',
  'duty-manager',
  'triage-clinician',
  'ambulance-clinician',
  'amhp',
  'police-officer',
];

export const ALERT_KIND_RULES: Record<TLiveAlertKind, TAlertKindRule> = {
  sos: {
    label: 'SOS',
    severity: 'critical',
    seenBy: [...HUB, 'board'],
    acknowledgedBy: HUB,
    isOnBoard: true,
    isSilencedByMute: false,
    isQueueChip: true,
  },
  'detention-expired': {
    label: 'Time limit passed',
    severity: 'critical',
    seenBy: [...DETENTION, 'board'],
    acknowledgedBy: DETENTION,
    isOnBoard: true,
    isSilencedByMute: true,
    isQueueChip: false,
  },
  'dispatch-unaccepted': {
    label: 'Not accepted',
    severity: 'critical',
    seenBy: [...HUB, 'board'],
    acknowledgedBy: HUB,
    isOnBoard: true,
    isSilencedByMute: true,
    isQueueChip: false,
  },
  'detention-warning': {
    label: 'Time limit near',
    severity: 'warning',
    seenBy: DETENTION,
    acknowledgedBy: DETENTION,
    isOnBoard: true,
    isSilencedByMute: true,
    isQueueChip: false,
  },
  // On its card's queue row too: the officers are held at the place of safety until it is recorded.
  'handover-overdue': {
    label: 'Handover overdue',
    severity: 'warning',
    seenBy: DETENTION,
    acknowledgedBy: DETENTION,
    isOnBoard: true,
    isSilencedByMute: true,
    isQueueChip: true,
  },
  'welfare-check-due': {
    label: 'Welfare check due',
    severity: 'warning',
    seenBy: DETENTION,
    acknowledgedBy: DETENTION,
    isOnBoard: false,
    isSilencedByMute: true,
    isQueueChip: false,
  },
  'police-station-used': {
    label: 'Police station used',
    severity: 'warning',
    seenBy: DETENTION,
    acknowledgedBy: DETENTION,
    isOnBoard: false,
    isSilencedByMute: true,
    isQueueChip: false,
  },
  'consecutive-detention': {
    label: 'Detained again',
    severity: 'warning',
    seenBy: DETENTION,
    acknowledgedBy: DETENTION,
    isOnBoard: false,
    isSilencedByMute: true,
    isQueueChip: false,
  },
  'handover-warning': {
    label: 'Handover due',
    severity: 'notice',
    seenBy: DETENTION,
    acknowledgedBy: DETENTION,
    isOnBoard: false,
    isSilencedByMute: true,
    isQueueChip: false,
  },
  // A break-glass use waits for an information-governance review, not for someone at a console.
  'break-glass': {
    label: 'Break-glass to review',
    severity: 'notice',
    seenBy: ['duty-manager', 'ig-lead'],
    acknowledgedBy: ['duty-manager', 'ig-lead'],
    isOnBoard: false,
    isSilencedByMute: true,
    isQueueChip: false,
  },
  // Someone in crisis the hub lost contact with: the follow-up chosen when contact was lost is due.
  'contact-lost-follow-up': {
    label: 'Follow-up due',
    severity: 'warning',
    seenBy: HUB,
    acknowledgedBy: HUB,
    isOnBoard: false,
    isSilencedByMute: true,
    isQueueChip: true,
  },
  // Clears when the service accepts or declines, the hub releases the place, or it lapses.
  'hold-expiring': {
    label: 'Hold lapsing',
    severity: 'warning',
    seenBy: HUB,
    acknowledgedBy: [],
    isOnBoard: false,
    isSilencedByMute: true,
    isQueueChip: true,
  },
  // Clears when the service's staff confirm their figure.
  'figure-stale-full': {
    label: 'Full, figure out of date',
    severity: 'warning',
    seenBy: ['duty-manager', 'board'],
    acknowledgedBy: [],
    isOnBoard: true,
    isSilencedByMute: true,
    isQueueChip: false,
  },
};

/** An alert as every console shows it, whatever raised it. */
export interface TLiveAlert {
  /** Stable across updates: the card alert's id, `sos:<unit>:<at>` or `dispatch:<unit>:<dispatchedAt>`. */
  key: string;
  kind: TLiveAlertKind;
  severity: TAlertSeverity;
  raisedAt: string;
  caseId: string | null;
  caseRef: string | null;
  unitId: string | null;
  /** The service it is about (a lapsing hold, a stale figure), by name. */
  place?: string | null;
  /** One line in plain words: what, for whom, where. */
  text: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  /** When the alert job escalated it to the duty manager (R-ALERT-ESCALATE); for an unaccepted dispatch, when it came back to the hub. */
  escalatedAt: string | null;
}

const SEVERITY_ORDER: readonly TAlertSeverity[] = ['critical', 'warning', 'notice'];

/**
 * Every alert in the area, from the cards and units the reader already has, most severe first (an SOS
 * first of all), then oldest first. Acknowledged ones are included (consoles show "acknowledged by …"); `isOpen` filters.
 */
export function liveAlerts(
  cards: readonly TCaseCard[],
  units: readonly TUnit[],
  /** The services as the reader sees them, and the moment: for the two alerts read from services. */
  at: { services: readonly TService[]; now: Date; rules?: TAlertRules } | null = null,
): TLiveAlert[] {
  const alerts: TLiveAlert[] = at ? serviceAlerts(at.services, at.now, at.rules) : [];
  for (const card of cards) {
    for (const a of card.alerts) {
      alerts.push({
        key: a.id,
        kind: a.kind,
        severity: ALERT_KIND_RULES[a.kind].severity,
        raisedAt: a.raisedAt,
        caseId: card.id,
        caseRef: card.ref,
        unitId: null,
        text: `${card.ref}: ${a.message}`,
        acknowledgedBy: a.acknowledgedBy?.name ?? null,
        acknowledgedAt: a.acknowledgedAt,
        escalatedAt: a.escalatedAt ?? null,
      });
    }
  }
  const cardsById = new Map(cards.map((c) => [c.id, c]));
  for (const unit of units) {
    if (unit.sos) {
      alerts.push({
        key: `sos:${unit.id}:${unit.sos.at}`,
        kind: 'sos',
        severity: 'critical',
        raisedAt: unit.sos.at,
        caseId: unit.assignment?.caseId ?? null,
        caseRef: unit.sos.caseRef ?? null,
        unitId: unit.id,
        text: sosText(unit, cardsById.get(unit.assignment?.caseId ?? '') ?? null),
        acknowledgedBy: unit.sos.acknowledgedBy,
        acknowledgedAt: unit.sos.acknowledgedAt ?? null,
        escalatedAt: unit.sos.escalatedAt ?? null,
      });
    }
    const job = unit.assignment;
    if (job?.escalatedAt && !job.acceptedAt) {
      alerts.push({
        key: `dispatch:${unit.id}:${job.dispatchedAt}`,
        kind: 'dispatch-unaccepted',
        severity: 'critical',
        raisedAt: job.escalatedAt,
        caseId: job.caseId,
        caseRef: job.caseRef,
        unitId: unit.id,
        text: `${unit.callSign} has not accepted ${job.caseRef}${whereText(cardsById.get(job.caseId))}`,
        // Acknowledged by the crew accepting, or by the hub re-dispatching or standing the unit down.
        acknowledgedBy: null,
        acknowledgedAt: null,
        escalatedAt: job.escalatedAt,
      });
    }
  }
  return alerts.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      kindRank(a.kind) - kindRank(b.kind) ||
      a.raisedAt.localeCompare(b.raisedAt),
  );
}

/** An SOS is someone's safety now: first of the critical alerts, whatever was raised before it. */
const kindRank = (kind: TLiveAlertKind): number => (kind === 'sos' ? 0 : 1);

/** " at <where the person is>", from the card when the reader has it. */
const whereText = (card: TCaseCard | null | undefined): string => (card ? ` at ${card.location.description}` : '');

/** Who sent it and where to go: the job's card and its place, or that the crew had no job. */
function sosText(unit: TUnit, card: TCaseCard | null): string {
  if (unit.sos?.caseRef) return `SOS from ${unit.callSign} on ${unit.sos.caseRef}${whereText(card)}`;
  return `SOS from ${unit.callSign}, not on a job: see its last position on the map`;
}

/**
 * A place held for a card lapsing within `holdExpiringMinutes` (the person has not arrived), and a full service whose figure is past its freshness limit: both read from the services now.
 */
function serviceAlerts(services: readonly TService[], now: Date, rules: TAlertRules = ALERT_RULES): TLiveAlert[] {
  const alerts: TLiveAlert[] = [];
  const t = now.getTime();
  for (const service of services) {
    for (const hold of service.holds) {
      const left = Date.parse(hold.expiresAt) - t;
      if (left <= 0 || left > rules.holdExpiringMinutes * 60_000) continue;
      const minutes = Math.ceil(left / 60_000);
      alerts.push({
        key: `hold:${hold.id}`,
        kind: 'hold-expiring',
        severity: ALERT_KIND_RULES['hold-expiring'].severity,
        raisedAt: new Date(Date.parse(hold.expiresAt) - rules.holdExpiringMinutes * 60_000).toISOString(),
        caseId: hold.caseId,
        caseRef: hold.caseRef,
        unitId: null,
        place: service.name,
        text: `${hold.caseRef ?? 'A card'}: the place held at ${service.name} lapses in ${minutes} min`,
        acknowledgedBy: null,
        acknowledgedAt: null,
        escalatedAt: null,
      });
    }
    const total = service.capacity.adult.total + service.capacity.under18.total;
    const free = freePlaces(service, 'adult') + freePlaces(service, 'under18');
    if (service.kind === 'ED' || service.kind === 'custody' || total === 0 || free > 0 || !isStale(service, now)) {
      continue;
    }
    const staleSince =
      Date.parse(service.capacity.confirmedAt) + CAPACITY_RULES.staleAfterMinutes[service.kind] * 60_000;
    alerts.push({
      key: `stale:${service.id}:${service.capacity.confirmedAt}`,
      kind: 'figure-stale-full',
      severity: ALERT_KIND_RULES['figure-stale-full'].severity,
      raisedAt: new Date(staleSince).toISOString(),
      caseId: null,
      caseRef: null,
      unitId: null,
      place: service.name,
      text: `${service.name} shows no free place, but its figure is out of date: ask them to confirm`,
      acknowledgedBy: null,
      acknowledgedAt: null,
      escalatedAt: null,
    });
  }
  return alerts;
}

/**
 * R-ALERT-SEVERITY: the alert a card marked "contact lost" raises when the follow-up chosen then is still
 * not recorded `contactLostFollowUpMinutes` later. Its id is derived from when contact was lost, so the
 * job raises it once however often it runs (SPEC S-18); null when none is due.
 */
export function contactLostAlert(
  card: Pick<TCaseCard, 'id' | 'status' | 'contactLost' | 'alerts'>,
  now: Date,
  rules: TAlertRules = ALERT_RULES,
): TDueAlert | null {
  const lost = card.contactLost;
  if (card.status !== 'contact-lost' || !lost) return null;
  if (now.getTime() - Date.parse(lost.since) < rules.contactLostFollowUpMinutes * 60_000) return null;
  const alertId = `${card.id}:contact-lost:${lost.since}`;
  if (card.alerts.some((a) => a.id === alertId)) return null;
  return {
    alertId,
    kind: 'contact-lost-follow-up',
    message: `Contact lost ${rules.contactLostFollowUpMinutes} min ago: ${FOLLOW_UP_LABELS[lost.followUp].toLowerCase()} not recorded yet`,
  };
}

export const isOpen = (alert: TLiveAlert): boolean => alert.acknowledgedAt === null;

/** The alerts a role's console must show (R-ALERT-SEVERITY). */
export function alertsForRole(alerts: readonly TLiveAlert[], role: TRole): TLiveAlert[] {
  return alerts.filter((a) => ALERT_KIND_RULES[a.kind].seenBy.includes(role));
}

export function mayAcknowledge(role: TRole, kind: TLiveAlertKind): boolean {
  return ALERT_KIND_RULES[kind].acknowledgedBy.includes(role);
}

/** The red banner: open critical alerts this role must see. */
export function bannerAlerts(alerts: readonly TLiveAlert[], role: TRole): TLiveAlert[] {
  return alertsForRole(alerts, role).filter((a) => a.severity === 'critical' && isOpen(a));
}

/**
 * R-ALERT-ESCALATE: a critical alert still open `escalateAfterMinutes` after it was raised is due to be
 * escalated to the duty manager. The alert job records it once as an event on the card (or on the unit,
 * for an SOS), which every console shows and the timeline keeps. An unaccepted dispatch is itself the
 * dispatch's escalation back to the hub.
 */
export function isDueForEscalation(alert: TLiveAlert, now: Date, rules: TAlertRules = ALERT_RULES): boolean {
  return (
    alert.severity === 'critical' &&
    alert.kind !== 'dispatch-unaccepted' &&
    isOpen(alert) &&
    alert.escalatedAt === null &&
    now.getTime() - Date.parse(alert.raisedAt) >= rules.escalateAfterMinutes * 60_000
  );
}

/** Escalated and still open: shown as such on every console that sees it. */
export function isEscalated(alert: TLiveAlert): boolean {
  return alert.escalatedAt !== null && isOpen(alert);
}

/** A device's mute: when it was set; it ends by itself `muteMaxMinutes` later (R-ALERT-MUTE). */
export function muteEndsAt(mutedAt: string, rules: TAlertRules = ALERT_RULES): Date {
  return new Date(Date.parse(mutedAt) + rules.muteMaxMinutes * 60_000);
}

export function isMuted(mutedAt: string | null, now: Date, rules: TAlertRules = ALERT_RULES): boolean {
  return mutedAt !== null && now < muteEndsAt(mutedAt, rules) && Date.parse(mutedAt) <= now.getTime() + 60_000;
}

/**
 * R-ALERT-MUTE: whether the console sounds now, for the open critical alerts it shows. The sound repeats
 * until each is acknowledged; a mute silences all but an SOS, which always sounds.
 */
export function shouldSound(alerts: readonly TLiveAlert[], mutedAt: string | null, now: Date): boolean {
  const muted = isMuted(mutedAt, now);
  return alerts.some(
    (a) => a.severity === 'critical' && isOpen(a) && !(muted && ALERT_KIND_RULES[a.kind].isSilencedByMute),
  );
}

/**
 * R-ALERT-QUEUE: the operator's queue with every card that has an open critical alert first (a card with
 * an SOS before the rest, then the oldest alert first), then by priority and by who has waited longest. Closed cards leave the queue.
 */
export function sortQueueByAlerts(cards: readonly TCaseCard[], alerts: readonly TLiveAlert[]): TCaseCard[] {
  // Each card's most urgent open critical alert, as a sortable key: an SOS first, then the oldest.
  const firstCritical = new Map<string, string>();
  for (const a of alerts) {
    if (a.severity !== 'critical' || !isOpen(a) || a.caseId === null) continue;
    const key = `${kindRank(a.kind)}:${a.raisedAt}`;
    const known = firstCritical.get(a.caseId);
    if (!known || key < known) firstCritical.set(a.caseId, key);
  }
  const critical = (c: TCaseCard) => firstCritical.get(c.id) ?? null;
  return cards
    .filter((c) => c.status !== 'closed')
    .sort((a, b) => {
      const ca = critical(a);
      const cb = critical(b);
      if (ca !== cb) {
        if (ca === null) return 1;
        if (cb === null) return -1;
        return ca.localeCompare(cb);
      }
      return PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) || a.createdAt.localeCompare(b.createdAt);
    });
}
