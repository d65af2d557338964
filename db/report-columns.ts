import { RESPONSE_STAMP_COLUMNS, type TCaseFacts, type TReportStamp } from '@shared/rules/report-facts';

/** Each report fact's column in `case_facts`, the same on every backend. */
export const COLUMN: Record<keyof TCaseFacts | TReportStamp, string> = {
  caseId: 'case_id',
  areaId: 'area_id',
  priority: 'priority',
  status: 'status',
  createdAt: 'created_at',
  closedAt: 'closed_at',
  outcome: 'outcome',
  ethnicity: 'ethnicity',
  sex: 'sex',
  ageBand: 'age_band',
  postcode: 'postcode',
  personKey: 'person_key',
  power: 'power',
  detainedAt: 'detained_at',
  firstPlace: 'first_place',
  transport: 'transport',
  policeVehicleReason: 'police_vehicle_reason',
  policeStation: 'police_station',
  arrested: 'arrested',
  under18: 'under18',
  durationMinutes: 'duration_minutes',
  extended: 'extended',
  breached: 'breached',
  handoverMinutes: 'handover_minutes',
  detentionOutcome: 'detention_outcome',
  triagedAt: 'triaged_at',
  dispatchedAt: 'dispatched_at',
  acceptedAt: 'accepted_at',
  onSceneAt: 'on_scene_at',
  leftSceneAt: 'left_scene_at',
  handedOverAt: 'handed_over_at',
  clearAt: 'clear_at',
};
/** The facts written from the card (the response stamps are written by the events that record them). */
export const FACT_KEYS = Object.keys(COLUMN).filter(
  (k) => !(RESPONSE_STAMP_COLUMNS as readonly string[]).includes(k),
) as (keyof TCaseFacts)[];
