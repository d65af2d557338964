import { z } from 'zod';
import { ZPriority } from './case';
import { ZInstant } from './common';
import { ZService } from './service';
import { ZUnitStatus } from './unit';

/** The duty manager's board: counts, clocks and the escalation level. Nobody's personal details. */
export const ZBoard = z
  .object({
    generatedAt: ZInstant,
    escalation: z.object({
      level: z.int().min(1).max(4),
      reasons: z.array(z.object({ level: z.int(), text: z.string() })),
      summary: z.string(),
      rulesVersion: z.string(),
      isUnconfirmed: z.boolean(),
    }),
    openCases: z.object({
      total: z.int(),
      byPriority: z.record(ZPriority, z.int()),
      unownedEmergencies: z.int(),
    }),
    /**
     * Running detention clocks, without who is detained: the card's reference (to find it at a console),
     * the place, the legal clock, the police handover clock, and whether a child is detained.
     */
    detentions: z.array(
      z.object({
        caseRef: z.string(),
        placeName: z.string().nullable(),
        isPoliceStation: z.boolean(),
        isUnder18: z.boolean(),
        startsAt: ZInstant.nullable(),
        expiresAt: ZInstant.nullable(),
        handoverDueAt: ZInstant.nullable(),
        state: z.string(),
      }),
    ),
    /**
     * The board's alert strip (R-ALERT-SEVERITY): open alerts shown on the board — an SOS, a detention
     * past its limit, a dispatch not accepted, and the warnings before them — by card reference and unit
     * call sign, never a person.
     */
    alerts: z.array(
      z.object({
        severity: z.enum(['critical', 'warning', 'notice']),
        label: z.string(),
        caseRef: z.string().nullable(),
        callSign: z.string().nullable(),
        /** The service it is about (a full service whose figure is out of date), by name. */
        place: z.string().nullable(),
        since: ZInstant,
      }),
    ),
    turnAways24h: z.int(),
    /**
     * The board's map, for the roles the information-sharing policy names (boardMap), else null: units on
     * shift with a shared position, and open cases with one, rounded to about 100 m.
     */
    map: z
      .object({
        units: z.array(
          z.object({
            callSign: z.string(),
            status: ZUnitStatus,
            lat: z.number(),
            lng: z.number(),
            at: ZInstant,
            hasOpenSos: z.boolean(),
          }),
        ),
        cases: z.array(z.object({ caseRef: z.string(), priority: ZPriority, lat: z.number(), lng: z.number() })),
      })
      .nullable(),
  })
  .meta({ id: 'Board' });
export type TBoard = z.infer<typeof ZBoard>;

export const ZServiceList = z.object({ services: z.array(ZService) }).meta({ id: 'ServiceList' });

export const OCCUPANCY_RANGES = ['24h', '7d'] as const;
export const ZOccupancyRange = z.enum(OCCUPANCY_RANGES);
export type TOccupancyRange = z.infer<typeof ZOccupancyRange>;

const ZUse = z.object({ inUse: z.int(), total: z.int() });
/** Places in use (occupied or held) against places in service, sampled from the event history. */
export const ZOccupancyHistory = z
  .object({
    range: ZOccupancyRange,
    points: z.array(z.object({ at: ZInstant, placesOfSafety: ZUse, alternatives: ZUse })),
  })
  .meta({ id: 'OccupancyHistory' });
export type TOccupancyHistory = z.infer<typeof ZOccupancyHistory>;
