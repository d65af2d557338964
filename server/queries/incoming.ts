import { DomainError } from '@shared/errors';
import { deadlines } from '@shared/rules/detention';
import { incomingFacts, receivingViewFor, receivingWindowMs, servicesReceivedBy } from '@shared/rules/receiving';
import { isCardPathShared, redactCard, redactHold } from '@shared/rules/redaction';
import type { TCaseCard } from '@shared/schemas/case';
import type { TIncomingItem, TIncomingList } from '@shared/schemas/incoming';
import { INCOMING_STATES } from '@shared/schemas/incoming';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';

/**
 * A receiving service's Incoming list (R-LINK-RECEIVING): the people coming to the reader's own
 * organisation's services, those there now, and those who left or are no longer coming within the
 * window — each card in the view the policy gives the reader's role, and each listing access-logged.
 */
export async function listIncoming(services: TServices, user: TUser): Promise<TIncomingList> {
  const view = receivingViewFor(user.role);
  if (!view) {
    throw new DomainError('FORBIDDEN', 'The Incoming list is for staff of receiving services', { ruleId: 'R-IG-MIN' });
  }
  const now = services.now();
  const own = servicesReceivedBy(user, await services.store.services.list(user.areaId));
  // Cards named by a place held here (now or within the window), and open cards with a detention here.
  const keepFrom = now.getTime() - receivingWindowMs();
  const ids = new Set<string>();
  for (const service of own) {
    for (const h of service.holds) if (h.caseId) ids.add(h.caseId);
    for (const h of service.recentHolds ?? []) {
      if (h.caseId && new Date(h.endedAt).getTime() >= keepFrom) ids.add(h.caseId);
    }
  }
  const ownIds = new Set(own.map((s) => s.id));
  const open = await services.store.cases.listOpen(user.areaId);
  const cards = new Map<string, TCaseCard>(
    open.filter((c) => c.detention?.places.some((p) => p.serviceId && ownIds.has(p.serviceId))).map((c) => [c.id, c]),
  );
  for (const id of ids) {
    if (cards.has(id)) continue;
    const card = open.find((c) => c.id === id) ?? (await services.store.cases.get(id));
    if (card && card.areaId === user.areaId) cards.set(id, card);
  }
  const items: TIncomingItem[] = [];
  for (const card of cards.values()) {
    for (const service of own) {
      const facts = incomingFacts(card, service, now);
      if (!facts) continue;
      const d = card.detention;
      // The Mental Health Act record, and who is bringing a detained person, only where the view reads it.
      const seesDetention = isCardPathShared('detention', view);
      const place = seesDetention ? facts.place : null;
      items.push({
        service: { id: service.id, name: service.name },
        state: facts.state,
        since: facts.since,
        card: redactCard(card, view),
        hold: facts.hold ? redactHold(facts.hold, 'receiving-service') : null,
        placeOfSafety: place,
        bringing: place
          ? { name: d?.officer.name ?? 'Police', role: 'police-officer' }
          : facts.hold?.placedBy && !facts.place
            ? { name: facts.hold.placedBy.name, role: facts.hold.placedBy.role }
            : null,
        deadlines: d && place ? deadlines(d, now) : null,
      });
    }
  }
  const order = (s: TIncomingItem['state']) => INCOMING_STATES.indexOf(s);
  items.sort((a, b) => order(a.state) - order(b.state) || a.since.localeCompare(b.since));
  await services.disclosures.record(
    user,
    items.map((i) => i.card.id),
    'incoming',
  );
  return { items };
}
