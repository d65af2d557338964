import { DomainError } from '@shared/errors';
import { MAX_SYNC_EVENTS, type TSyncResponse } from '@shared/protocol';
import { deadlines, runningDetentions, type TDeadlines } from '@shared/rules/detention';
import { caseViewForRole } from '@shared/rules/permissions';
import { sortQueue } from '@shared/rules/queue';
import { cardViewForReceiver, receivingViewFor } from '@shared/rules/receiving';
import { redactCard } from '@shared/rules/redaction';
import { linkedTimelineEntries, toTimelineEntry } from '@shared/rules/timeline';
import type { TCaseCard, TCaseList, TCaseWithTimeline } from '@shared/schemas/case';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';

function sharedView(user: TUser) {
  const view = caseViewForRole(user.role);
  if (view === 'none') throw new DomainError('FORBIDDEN', 'Your role does not see case cards', { ruleId: 'R-IG-MIN' });
  return view;
}

/**
 * The open queue for the user's area. `headSeq` is read first, so a client that follows events from it
 * may see a change twice (harmless: cards apply by version) but never misses one.
 */
export async function listOpenCases(services: TServices, user: TUser): Promise<TCaseList> {
  const view = sharedView(user);
  const headSeq = await services.store.cases.headSeq();
  const cards = await services.store.cases.listOpen(user.areaId);
  await services.disclosures.record(
    user,
    cards.map((c) => c.id),
    'queue',
  );
  return { headSeq, cases: sortQueue(cards).map((c) => redactCard(c, view)) };
}

/** One card with its timeline. Every view is written to the access log (R-IG-AUDIT). */
export async function getCaseWithTimeline(
  services: TServices,
  user: TUser,
  caseId: string,
): Promise<TCaseWithTimeline> {
  if (caseViewForRole(user.role) === 'none' && !receivingViewFor(user.role)) sharedView(user);
  const card = await services.store.cases.get(caseId);
  if (!card || card.areaId !== user.areaId) throw new DomainError('NOT_FOUND', 'No such case');
  const registry = await services.store.services.list(user.areaId);
  // While the reader's break-glass lasts they see this card's clinical view, and the log says so; the
  // staff of a service receiving the person see it in their receiving view (R-LINK-RECEIVING).
  const view = cardViewForReceiver(user, card, services.now(), registry);
  if (view === 'none') {
    throw new DomainError('FORBIDDEN', 'This card is not for your role or your services', { ruleId: 'R-IG-MIN' });
  }
  const roleView = caseViewForRole(user.role);
  const isBreakGlass = roleView !== 'none' && view !== roleView;
  await services.disclosures.record(user, [caseId], isBreakGlass ? 'break-glass-view' : 'view');
  const [history, linked, units] = await Promise.all([
    services.store.cases.history(caseId),
    services.store.cases.linkedHistory(caseId),
    services.store.units.list(user.areaId),
  ]);
  // One timeline: the card's own events and those of its crews and places, in commit order (R-LINK-TIMELINE).
  const names = {
    units: new Map(units.map((u) => [u.id, u.callSign])),
    services: new Map(registry.map((s) => [s.id, s.name])),
  };
  const timeline = [
    ...history.map((e) => toTimelineEntry(e, view)),
    ...linkedTimelineEntries(caseId, linked, names, view),
  ].sort((a, b) => a.seq - b.seq);
  return { card: redactCard(card, view), timeline };
}

/**
 * What a reconnecting console missed since `afterSeq`, redacted for its role: each missed event as a
 * timeline line, and each touched card once as it is now. The client applies cards by version, so
 * replaying converges. A gap longer than MAX_SYNC_EVENTS is answered `isComplete: false` and the
 * client refetches instead (SPEC S-9).
 */
export async function changesSince(services: TServices, user: TUser, afterSeq: number): Promise<TSyncResponse> {
  const view = sharedView(user);
  const headSeq = await services.store.cases.headSeq();
  const events = await services.store.cases.eventsSince(user.areaId, afterSeq, MAX_SYNC_EVENTS + 1);
  if (events.length > MAX_SYNC_EVENTS) return { isComplete: false, headSeq };
  const touched = new Set(events.map((e) => e.caseId));
  await services.disclosures.record(user, touched, 'replay');
  // One read for every card the events touched, not one per card: a reconnecting console's resync is
  // on the path of every console coming back after a failover.
  const cards = (await services.store.cases.getMany([...touched])).map((card) => redactCard(card, view));
  const entries = events.map((e) => toTimelineEntry(e, view));
  return { isComplete: true, headSeq: Math.max(headSeq, afterSeq), entries, cards };
}

export interface TDetentionRow {
  card: TCaseCard;
  deadlines: TDeadlines;
}

/**
 * Running detentions in the user's area with deadlines computed here, on the server, from recorded
 * times: never taken from a client. Oldest clock first (the AMHP worklist order); those still awaiting
 * arrival come last. `awaitingAssessment` keeps only those without an AMHP interview.
 */
export async function listDetentions(
  services: TServices,
  user: TUser,
  options: { awaitingAssessment: boolean },
): Promise<TDetentionRow[]> {
  const view = sharedView(user);
  const now = services.now();
  const running = runningDetentions(await services.store.cases.listOpen(user.areaId), options);
  await services.disclosures.record(
    user,
    running.map((c) => c.id),
    'detentions',
  );
  return running.map((c) => ({
    card: redactCard(c, view),
    deadlines: deadlines(c.detention as NonNullable<TCaseCard['detention']>, now),
  }));
}
