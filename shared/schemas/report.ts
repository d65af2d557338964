import { z } from 'zod';
import { PERIOD_KINDS } from '../rules/report-periods';

export const ZReportQuery = z
  .object({
    period: z.enum(PERIOD_KINDS).default('month'),
    date: z.iso.date().optional().meta({ description: 'A day inside the period (England); today when absent' }),
    until: z.iso.date().optional().meta({ description: 'For a custom period: its last day' }),
  })
  .meta({ id: 'ReportQuery' });
export type TReportQuery = z.infer<typeof ZReportQuery>;

/** Which cards a figure counts, to list them (R-REPORT-DRILL): a set and exact values of report facts. */
export const ZDrill = z.object({
  set: z.enum(['cards', 'detentions', 'turn-aways']),
  where: z.record(z.string(), z.string()),
});
export type TDrill = z.infer<typeof ZDrill>;

export const ZCount = z.object({ value: z.number().nullable(), shown: z.string() });

/** One row of a breakdown: a group, its count, and the cards behind it for those who may see them. */
export const ZBreakdownRow = z.object({
  key: z.string(),
  label: z.string(),
  count: ZCount,
  drill: ZDrill.nullable(),
});
export type TBreakdownRow = z.infer<typeof ZBreakdownRow>;

const ZDuration = z.object({ median: z.number().nullable(), p90: z.number().nullable(), n: ZCount });

export const ZInequalityRow = z.object({
  group: z.string(),
  count: ZCount,
  population: z.number().nullable(),
  ratePer100k: z.number().nullable(),
  ratioToLowest: z.number().nullable(),
  /** The measure's denominator in this group (cards or detentions), for shares. */
  of: ZCount,
  drill: ZDrill.nullable(),
});

export const ZReport = z
  .object({
    period: z.object({ kind: z.enum(PERIOD_KINDS), from: z.string(), to: z.string(), label: z.string() }),
    generatedAt: z.string(),
    rulesVersion: z.string(),
    /** Whether the area's population is configured: without it there are no rates or ratios. */
    hasPopulation: z.boolean(),
    /** True for readers who see aggregates only (R-REPORT-SDC): counts suppressed and rounded. */
    disclosureControlled: z.boolean(),
    cards: ZCount,
    responseTimes: z.object({
      intervals: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          byPriority: z.array(z.object({ priority: z.string(), label: z.string(), ...ZDuration.shape })),
        }),
      ),
      targets: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          targetMinutes: z.number(),
          n: ZCount,
          within: ZCount,
          share: z.number().nullable(),
          drillMissed: ZDrill.nullable(),
        }),
      ),
      byHour: z.array(
        z.object({
          hour: z.number(),
          cards: ZCount,
          medianToSeen: z.number().nullable(),
          /** Services open, on average, in this hour of the day through the period. */
          servicesOpen: z.number(),
        }),
      ),
      byWeekday: z.array(z.object({ day: z.string(), cards: ZCount, medianToSeen: z.number().nullable() })),
    }),
    turnAways: z.object({
      total: ZCount,
      byService: z.array(ZBreakdownRow),
      byHow: z.array(ZBreakdownRow),
      /** Demand (calls) and services open, by hour of the week (R-02 parity): exact counts of services. */
      demandAndOpening: z.array(z.object({ label: z.string(), calls: ZCount, servicesOpen: z.number() })),
      /** R-REPORT-CAPACITY: share of places in use (whole percent) per bucket, mean and peak of hourly samples. */
      occupancy: z.object({
        bucket: z.enum(['hour', 'day', 'week']),
        points: z.array(
          z.object({
            from: z.string(),
            placesOfSafety: z.object({ mean: z.number().nullable(), peak: z.number().nullable() }),
            alternatives: z.object({ mean: z.number().nullable(), peak: z.number().nullable() }),
          }),
        ),
      }),
      /** R-REPORT-CAPACITY: each time a place was sought (a hold placed), the services full or stale then. */
      whenSought: z.object({
        sought: ZCount,
        services: z.array(
          z.object({ key: z.string(), label: z.string(), sought: ZCount, full: ZCount, stale: ZCount }),
        ),
      }),
      /** Each turn-away with its reason: for those who may see cards only. */
      reasons: z.array(
        z.object({ at: z.string(), serviceName: z.string(), how: z.string(), reason: z.string(), caseId: z.string() }),
      ),
    }),
    detentions: z.object({
      total: ZCount,
      byPower: z.array(ZBreakdownRow),
      firstPlace: z.array(ZBreakdownRow),
      transport: z.array(ZBreakdownRow),
      policeVehicleReasons: z.array(ZBreakdownRow),
      outcomes: z.array(ZBreakdownRow),
      policeStation: ZCount,
      policeStationUnder18: ZCount,
      arrested: ZCount,
      under18: ZCount,
      extended: ZCount,
      breached: ZCount,
      duration: ZDuration,
      handover: ZDuration,
    }),
    outcomes: z.object({ byOutcome: z.array(ZBreakdownRow), repeatContacts: ZCount, repeatDays: z.number() }),
    inequalities: z.array(
      z.object({
        dimension: z.string(),
        label: z.string(),
        measures: z.array(z.object({ key: z.string(), label: z.string(), rows: z.array(ZInequalityRow) })),
      }),
    ),
  })
  .meta({ id: 'Report' });
export type TReport = z.infer<typeof ZReport>;

export const ZReportCards = z
  .object({
    cards: z.array(
      z.object({
        id: z.string(),
        ref: z.string(),
        priority: z.string(),
        status: z.string(),
        createdAt: z.string(),
        name: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ReportCards' });

export const ZHomeOfficeValidation = z
  .object({
    financialYear: z.string(),
    detentions: z.number(),
    incomplete: z.array(
      z.object({ caseId: z.string(), ref: z.string(), detainedAt: z.string(), missing: z.array(z.string()) }),
    ),
  })
  .meta({ id: 'HomeOfficeValidation' });
export type THomeOfficeValidation = z.infer<typeof ZHomeOfficeValidation>;
