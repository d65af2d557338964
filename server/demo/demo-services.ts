import type { TServiceCommand, TServiceCommandInput } from '@shared/protocol';
import type { TEligibility, TOpeningHours, TServiceDetails } from '@shared/schemas/service';
import type { TRole, TUser } from '@shared/schemas/user';
import { runCommand } from '../commands/run-command';
import type { TServices } from '../services';

import { DEMO_ORGANISATIONS as ORG } from './demo-organisations';

const ALWAYS: TOpeningHours = { isAlwaysOpen: true, weekly: [], exceptions: [] };
const days = (list: number[], opens: string, closes: string) => list.map((day) => ({ day, opens, closes }));
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [6, 7];
const ADULTS: TEligibility = {
  minAge: 18,
  maxAge: null,
  referralRoutes: ['self-referral', 'professional-referral', 'walk-in'],
  acceptsS136: false,
  acceptsIntoxicated: false,
  excludesUrgentMedicalNeed: true,
  accessNotes: '',
};

type TDemoService = TServiceDetails & { key: string; places: { adult: number; under18: number } };

/** A realistic, invented set: cafés with evening and weekend hours, a crisis house, two s136 suites, A&E. */
const SERVICES: TDemoService[] = [
  {
    key: 'harbour',
    name: 'Harbour Lights Crisis Café',
    kind: 'A21',
    organisationId: ORG.harbour.id,
    address: '2 Quay Street, Kestrel Vale KV1 2QS',
    coordinates: { lat: 52.4087, lng: -1.5061 },
    phone: '01632 960201',
    hours: {
      isAlwaysOpen: false,
      weekly: [...days(WEEKDAYS, '18:00', '23:00'), ...days(WEEKEND, '12:00', '23:00')],
      // Closed on Christmas Day; weekend hours on the Boxing Day substitute bank holiday.
      exceptions: [
        { date: '2026-12-25', sessions: [] },
        { date: '2026-12-28', sessions: [{ opens: '12:00', closes: '23:00' }] },
      ],
    },
    eligibility: { ...ADULTS, accessNotes: 'Walk in or phone ahead. Step-free entrance on Quay Lane.' },
    places: { adult: 6, under18: 0 },
  },
  {
    key: 'lantern',
    name: 'The Lantern Safe Haven',
    kind: 'A21',
    organisationId: ORG.harbour.id,
    address: 'St Aidan’s Hall, Market Square, Kestrel Vale KV2 1MS',
    coordinates: { lat: 52.4138, lng: -1.5189 },
    phone: '01632 960202',
    hours: {
      isAlwaysOpen: false,
      weekly: [...days([5, 6], '18:00', '02:00'), ...days([7], '14:00', '20:00')],
      exceptions: [],
    },
    eligibility: {
      ...ADULTS,
      minAge: 16,
      referralRoutes: ['self-referral', 'walk-in'],
      accessNotes: 'Young adults welcome from 16. Not for anyone who has taken an overdose.',
    },
    places: { adult: 4, under18: 2 },
  },
  {
    key: 'riverside',
    name: 'Riverside Sanctuary',
    kind: 'A21',
    organisationId: ORG.sanctuary.id,
    address: '41 Mill Lane, Kestrel Vale KV3 4ML',
    coordinates: { lat: 52.3979, lng: -1.5302 },
    phone: '01632 960203',
    hours: {
      isAlwaysOpen: false,
      weekly: days([1, 2, 3, 4, 5, 6, 7], '20:00', '06:00'),
      exceptions: [{ date: '2026-12-25', sessions: [{ opens: '12:00', closes: '06:00' }] }],
    },
    eligibility: {
      ...ADULTS,
      referralRoutes: ['self-referral', 'professional-referral'],
      acceptsIntoxicated: true,
      accessNotes: 'Phone first; overnight. Accepts people who have been drinking if they can engage.',
    },
    places: { adult: 5, under18: 0 },
  },
  {
    key: 'elm',
    name: 'Elm House Crisis House',
    kind: 'A25',
    organisationId: ORG.trust.id,
    address: '7 Elm Grove, Kestrel Vale KV4 7EG',
    coordinates: { lat: 52.4252, lng: -1.4907 },
    phone: '01632 960204',
    hours: ALWAYS,
    eligibility: {
      ...ADULTS,
      referralRoutes: ['professional-referral'],
      accessNotes: 'Up to 7 nights. Referral by the crisis team or street triage.',
    },
    places: { adult: 6, under18: 0 },
  },
  {
    key: 'willowbank',
    name: 'Willowbank s136 Suite',
    kind: 'A20',
    organisationId: ORG.willowbank.id,
    address: 'Willowbank Hospital, Orchard Road, Kestrel Vale KV5 3OR',
    coordinates: { lat: 52.4021, lng: -1.4876 },
    phone: '01632 960205',
    hours: ALWAYS,
    eligibility: {
      ...ADULTS,
      minAge: null,
      referralRoutes: ['professional-referral'],
      acceptsS136: true,
      acceptsIntoxicated: true,
      excludesUrgentMedicalNeed: true,
      accessNotes: 'Phone before setting off. Under-18 room has a separate entrance.',
    },
    places: { adult: 2, under18: 1 },
  },
  {
    key: 'general-suite',
    name: 'Kestrel Vale General s136 Suite',
    kind: 'A20',
    organisationId: ORG.trust.id,
    address: 'Kestrel Vale General Hospital, Ring Road, KV1 9RR',
    coordinates: { lat: 52.4189, lng: -1.5327 },
    phone: '01632 960206',
    hours: ALWAYS,
    eligibility: {
      ...ADULTS,
      referralRoutes: ['professional-referral'],
      acceptsS136: true,
      acceptsIntoxicated: true,
      accessNotes: 'Adults only. Next to the emergency department.',
    },
    places: { adult: 2, under18: 0 },
  },
  {
    key: 'ed',
    name: 'Kestrel Vale General Emergency Department',
    kind: 'ED',
    organisationId: ORG.hospitals.id,
    address: 'Kestrel Vale General Hospital, Ring Road, KV1 9RR',
    coordinates: { lat: 52.4185, lng: -1.5331 },
    phone: '01632 960207',
    hours: ALWAYS,
    eligibility: {
      ...ADULTS,
      minAge: null,
      acceptsS136: true,
      acceptsIntoxicated: true,
      excludesUrgentMedicalNeed: false,
      accessNotes: 'Psychiatric liaison on site 24/7.',
    },
    places: { adult: 0, under18: 0 },
  },
  {
    key: 'custody',
    name: 'Kestrel Vale Custody Suite (record only)',
    kind: 'custody',
    organisationId: ORG.police.id,
    address: 'Police Headquarters, Castle Road',
    coordinates: null,
    phone: '01632 960208',
    hours: ALWAYS,
    eligibility: { ...ADULTS, minAge: 18, acceptsS136: true, accessNotes: 'Never offered (R-LRO-1, R-POS-CHILD).' },
    places: { adult: 0, under18: 0 },
  },
];

type TStep = { minutesAgo: number; by: TRole; on: string } & {
  [C in TServiceCommand]: { command: C; input: Omit<TServiceCommandInput<C>, 'commandId' | 'serviceId'> };
}[TServiceCommand];

const move = (from: 'free' | 'occupied' | 'cleaning', to: 'free' | 'occupied' | 'cleaning', count = 1) =>
  ({ command: 'service:move-places', input: { category: 'adult', from, to, count } }) as const;

/** A day of ordinary changes, so the occupancy chart and the freshness marks have something to show. */
const HISTORY: TStep[] = [
  { minutesAgo: 26 * 60, by: 'pos-staff', on: 'willowbank', ...move('free', 'occupied') },
  { minutesAgo: 22 * 60, by: 'duty-manager', on: 'elm', ...move('free', 'occupied', 4) },
  { minutesAgo: 20 * 60, by: 'pos-staff', on: 'willowbank', ...move('occupied', 'cleaning') },
  { minutesAgo: 19 * 60, by: 'pos-staff', on: 'willowbank', ...move('cleaning', 'free') },
  { minutesAgo: 16 * 60, by: 'duty-manager', on: 'general-suite', ...move('free', 'occupied', 2) },
  { minutesAgo: 12 * 60, by: 'duty-manager', on: 'general-suite', ...move('occupied', 'free') },
  { minutesAgo: 9 * 60, by: 'duty-manager', on: 'riverside', ...move('free', 'occupied', 3) },
  { minutesAgo: 5 * 60, by: 'duty-manager', on: 'elm', ...move('occupied', 'free') },
  { minutesAgo: 3 * 60, by: 'duty-manager', on: 'general-suite', ...move('free', 'occupied') },
  { minutesAgo: 100, by: 'pos-staff', on: 'willowbank', ...move('free', 'occupied') },
  { minutesAgo: 90, by: 'provider', on: 'harbour', ...move('free', 'occupied', 2) },
  {
    minutesAgo: 80,
    by: 'provider',
    on: 'lantern',
    command: 'service:set-status',
    input: { status: 'closed', reason: 'Not enough staff tonight' },
  },
  { minutesAgo: 30, by: 'provider', on: 'harbour', command: 'service:confirm', input: {} },
  { minutesAgo: 15, by: 'duty-manager', on: 'general-suite', command: 'service:confirm', input: {} },
];

type TRun = <C extends TServiceCommand>(by: TRole, minutesAgo: number, command: C, input: object) => Promise<void>;

/** Runs one demo service command as `by`, at `minutesAgo` before `start`, through the real command path. */
function demoRunner(services: TServices, users: ReadonlyMap<TRole, TUser>, start: number): TRun {
  return async (by, minutesAgo, command, input) => {
    const user = users.get(by);
    if (!user) throw new Error(`No demo user for ${by}`);
    const at = new Date(start - minutesAgo * 60_000);
    const ack = await runCommand({ ...services, now: () => at }, user, command, {
      ...input,
      commandId: services.newId(),
    });
    if (!ack.ok) throw new Error(`Demo service step ${command} failed: ${ack.error.message}`);
  };
}

/**
 * Registers the demo services 30 hours ago and plays a day of changes through the real command path.
 * Returns each service's id by its key ('ed', 'elm', …), so the demo's cards can name the registry's
 * places (a detention at the emergency department is at the registry's emergency department).
 */
export async function seedDemoServices(
  services: TServices,
  users: ReadonlyMap<TRole, TUser>,
): Promise<ReadonlyMap<string, string>> {
  const run = demoRunner(services, users, services.now().getTime());
  const ids = new Map<string, string>();
  for (const { key, ...service } of SERVICES) {
    const serviceId = services.newId();
    ids.set(key, serviceId);
    await run('duty-manager', 30 * 60, 'service:register', { ...service, serviceId });
  }
  for (const step of HISTORY) {
    await run(step.by, step.minutesAgo, step.command, { ...step.input, serviceId: ids.get(step.on) });
  }
  return ids;
}

/** The crisis-house place the crew of demo case `caseId` is holding. */
export async function seedDemoHold(
  services: TServices,
  users: ReadonlyMap<TRole, TUser>,
  serviceIds: ReadonlyMap<string, string>,
  caseId: string,
): Promise<void> {
  const run = demoRunner(services, users, services.now().getTime());
  await run('operator', 20, 'hold:place', {
    serviceId: serviceIds.get('elm'),
    holdId: services.newId(),
    caseId,
    category: 'adult',
    note: 'Evicted today; street triage bringing her over after assessment',
  });
}
