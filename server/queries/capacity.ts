import { ESCALATION_RULES } from '@shared/config/capacity';
import { DomainError } from '@shared/errors';
import { ALERT_KIND_RULES, isOpen, liveAlerts } from '@shared/rules/alerts';
import { deadlines, currentPlace, runningDetentions } from '@shared/rules/detention';
import { capacityIndicators, escalationLevel } from '@shared/rules/escalation';
import { occupancyHistory, rangeStart } from '@shared/rules/occupancy';
import { roomCategoryFor } from '@shared/rules/place-of-safety';
import { serviceForReader } from '@shared/rules/redaction';
import { INFORMATION_SHARING_POLICY } from '@shared/config/information-sharing';
import { PRIORITIES, type TCaseCard } from '@shared/schemas/case';
import type { TUnit } from '@shared/schemas/unit';
import type { TBoard, TOccupancyHistory, TOccupancyRange } from '@shared/schemas/board';
import type { TService } from '@shared/schemas/service';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';

const DAY_MS = 24 * 3_600_000;
const NEAR_EXPIRY_MS = 4 * 3_600_000;

/** The area's services as this user may see them: holds by the reader's relationship to each (R-IG-MIN). */
export async function listServices(services: TServices, user: TUser): Promise<TService[]> {
  const list = await services.store.services.list(user.areaId);
  return list.map((s) => serviceForReader(s, user)).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getService(services: TServices, user: TUser, id: string): Promise<TService> {
  const service = await services.store.services.get(id);
  if (!service || service.areaId !== user.areaId) throw new DomainError('NOT_FOUND', 'No such service');
  return serviceForReader(service, user);
}

/**
 * Everything the wall board shows besides the services themselves: the escalation level with its
 * reasons, open cases by priority, detention clocks and turn-aways. Counts only, for every role.
 */
export async function boardSummary(services: TServices, user: TUser): Promise<TBoard> {
  const now = services.now();
  const [registry, open, recent, units] = await Promise.all([
    services.store.services.list(user.areaId),
    services.store.cases.listOpen(user.areaId),
    services.store.services.eventsSince(user.areaId, new Date(now.getTime() - DAY_MS).toISOString()),
    services.store.units.list(user.areaId),
  ]);
  const clocks = runningDetentions(open).map((card) => {
    const d = card.detention as NonNullable<typeof card.detention>;
    const place = currentPlace(d);
    return {
      ...deadlines(d, now),
      caseRef: card.ref,
      placeName: place?.name ?? null,
      isPoliceStation: place?.kind === 'police-station',
      isUnder18: roomCategoryFor(card, d.ageStatement, now) === 'under18',
    };
  });
  const callSigns = new Map(units.map((u) => [u.id, u.callSign]));
  const alerts = liveAlerts(open, units, { services: registry, now })
    .filter((a) => isOpen(a) && ALERT_KIND_RULES[a.kind].isOnBoard)
    .map((a) => ({
      severity: a.severity,
      label: ALERT_KIND_RULES[a.kind].label,
      caseRef: a.caseRef,
      callSign: a.unitId ? (callSigns.get(a.unitId) ?? null) : null,
      place: a.place ?? null,
      since: a.raisedAt,
    }));
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, open.filter((c) => c.priority === p).length]));
  const unownedEmergencies = open.filter((c) => c.priority === 'emergency' && !c.owner).length;
  const turnAways24h = recent.filter((e) => e.type === 'hold.declined').length;
  const ms = (iso: string | null) => (iso ? new Date(iso).getTime() : Number.POSITIVE_INFINITY);
  const escalation = escalationLevel({
    ...capacityIndicators(registry, now),
    detentionsNearExpiry: clocks.filter(
      (c) => c.state === 'running' && ms(c.expiresAt) - now.getTime() <= NEAR_EXPIRY_MS,
    ).length,
    detentionsBreached: clocks.filter((c) => c.state === 'expired').length,
    policeStationUses: clocks.filter((c) => c.isPoliceStation).length,
    unownedEmergencies,
    turnAways: turnAways24h,
  });
  return {
    generatedAt: now.toISOString(),
    escalation: {
      ...escalation,
      rulesVersion: ESCALATION_RULES.version,
      isUnconfirmed: ESCALATION_RULES.isUnconfirmed,
    },
    openCases: { total: open.length, byPriority: byPriority as TBoard['openCases']['byPriority'], unownedEmergencies },
    detentions: clocks.map((c) => ({
      caseRef: c.caseRef,
      placeName: c.placeName,
      isPoliceStation: c.isPoliceStation,
      isUnder18: c.isUnder18,
      startsAt: c.startsAt,
      expiresAt: c.expiresAt,
      handoverDueAt: c.handoverDueAt,
      state: c.state,
    })),
    alerts,
    turnAways24h,
    map: boardMap(open, units, user),
  };
}

/** Where units and open cases are, for the roles the policy names (boardMap); null for every other. */
function boardMap(open: readonly TCaseCard[], units: readonly TUnit[], user: TUser): TBoard['map'] {
  const policy = INFORMATION_SHARING_POLICY.boardMap;
  if (!policy.roles.includes(user.role)) return null;
  const round = (n: number) => Number(n.toFixed(policy.casePositionDecimals));
  return {
    units: units.flatMap((u) =>
      u.isOnShift && u.location
        ? [
            {
              callSign: u.callSign,
              status: u.status,
              lat: u.location.lat,
              lng: u.location.lng,
              at: u.location.at,
              hasOpenSos: Boolean(u.sos && !u.sos.acknowledgedBy),
            },
          ]
        : [],
    ),
    cases: open.flatMap((c) => {
      const at = c.location.coordinates;
      return at ? [{ caseRef: c.ref, priority: c.priority, lat: round(at.lat), lng: round(at.lng) }] : [];
    }),
  };
}

/** Occupancy of places of safety and crisis alternatives over the last 24 hours or 7 days. */
export async function capacityHistory(
  services: TServices,
  user: TUser,
  range: TOccupancyRange,
): Promise<TOccupancyHistory> {
  const now = services.now();
  const start = rangeStart(range, now).toISOString();
  const [before, during] = await Promise.all([
    services.store.services.eventsUntil(user.areaId, start),
    services.store.services.eventsSince(user.areaId, start),
  ]);
  return occupancyHistory(range, now, before, during);
}
