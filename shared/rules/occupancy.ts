import type { TOccupancyHistory, TOccupancyRange } from '../schemas/board';
import type { TService } from '../schemas/service';
import { heldPlaces } from './capacity';
import type { TServiceEvent } from './service-events';
import { evolveService } from './service-lifecycle';

const RANGES: Record<TOccupancyRange, { spanMs: number; stepMs: number }> = {
  '24h': { spanMs: 24 * 3_600_000, stepMs: 30 * 60_000 },
  '7d': { spanMs: 7 * 24 * 3_600_000, stepMs: 3 * 3_600_000 },
};

export function rangeStart(range: TOccupancyRange, now: Date): Date {
  return new Date(now.getTime() - RANGES[range].spanMs);
}

/** The crisis alternatives (cafés, safe havens, crisis houses, sanctuaries), beside places of safety (A20). */
export const ALTERNATIVES: ReadonlySet<string> = new Set(['A21', 'A25', 'A23', 'A02']);

/** Places in use (occupied or held) and in service (not closed) across the services kept. */
export function placesInUse(services: Iterable<TService>, keep: (s: TService) => boolean) {
  let inUse = 0;
  let total = 0;
  for (const s of services) {
    if (!keep(s)) continue;
    for (const category of ['adult', 'under18'] as const) {
      const c = s.capacity[category];
      inUse += c.occupied + heldPlaces(s, category);
      total += c.total - c.closed;
    }
  }
  return { inUse, total };
}

/**
 * Occupancy over a range, sampled at fixed steps by folding the event history: `before` rebuilds the
 * registry as it stood at the start, `during` moves it forward. Pure, so the chart is what the log says.
 */
export function occupancyHistory(
  range: TOccupancyRange,
  now: Date,
  before: readonly TServiceEvent[],
  during: readonly TServiceEvent[],
): TOccupancyHistory {
  const state = new Map<string, TService>();
  const apply = (e: TServiceEvent) => state.set(e.serviceId, evolveService(state.get(e.serviceId) ?? null, e));
  before.forEach(apply);
  const { stepMs } = RANGES[range];
  const points: TOccupancyHistory['points'] = [];
  let next = 0;
  for (let t = rangeStart(range, now).getTime(); t <= now.getTime(); t += stepMs) {
    for (let e = during[next]; e && new Date(e.at).getTime() <= t; e = during[++next]) apply(e);
    points.push({
      at: new Date(t).toISOString(),
      placesOfSafety: placesInUse(state.values(), (s) => s.kind === 'A20'),
      alternatives: placesInUse(state.values(), (s) => ALTERNATIVES.has(s.kind)),
    });
  }
  return { range, points };
}
