import type { TUnitCommand } from '@shared/protocol';
import type { TCaseCommand } from '@shared/rules/permissions';
import type { ETHNIC_CATEGORIES } from '@shared/schemas/case';
import type { TUser } from '@shared/schemas/user';
import { runCommand } from '../commands/run-command';
import type { TServices } from '../services';
import { DEMO_POSTCODES } from './demo-deprivation';

/**
 * A year of the demo area's past (R-REPORT-*): closed cards with triage, a unit's response, detentions
 * and outcomes, played through the real command path at their own times, so the reports have a year
 * to show. Deterministic: the same cards every time the demo is seeded.
 */
export const DEMO_HISTORY_CARDS = 160;

/** A small deterministic generator (a linear congruential one): demo data, not security. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, pick, between };
}

const FIRST = ['Alex', 'Jordan', 'Sam', 'Chris', 'Priya', 'Tom', 'Aisha', 'Leon', 'Grace', 'Kofi', 'Mei', 'Dan'];
const LAST = ['Hart', 'Okoro', 'Patel', 'Byrne', 'Nowak', 'Campbell', 'Ahmed', 'Lewis', 'Chen', 'Reid', 'Mensah'];
/** How often each code comes up: roughly the area's population, with some not asked and some declining. */
const ETHNICITY_WEIGHTS: Partial<Record<keyof typeof ETHNIC_CATEGORIES, number>> = {
  A: 12,
  B: 1,
  C: 2,
  H: 1,
  J: 1,
  K: 1,
  R: 1,
  M: 1,
  N: 2,
  D: 1,
  F: 1,
  S: 1,
  Z: 2,
  '99': 1,
};
const ETHNICITY = Object.entries(ETHNICITY_WEIGHTS).flatMap(([code, n]) =>
  Array.from({ length: n }, () => code as keyof typeof ETHNIC_CATEGORIES),
);
const PRIORITY = ['very-urgent', 'very-urgent', 'urgent', 'urgent', 'urgent', 'routine', 'emergency'] as const;
const OUTCOMES = [
  'stayed-home-with-safety-plan',
  'crisis-alternative',
  'home-treatment-team',
  'referred-other-service',
  'admitted',
] as const;

export async function seedDemoHistory(services: TServices, usersByName: ReadonlyMap<string, TUser>, unitId: string) {
  const rand = generator(20_261_203);
  const now = services.now().getTime();
  let unitVersion = 0;
  const run = async <C extends TCaseCommand | TUnitCommand>(
    username: string,
    at: number,
    command: C,
    input: object,
  ) => {
    const user = usersByName.get(username);
    if (!user) throw new Error(`No demo user ${username}`);
    const ack = await runCommand({ ...services, now: () => new Date(at) }, user, command, {
      ...input,
      commandId: services.newId(),
    });
    if (!ack.ok) throw new Error(`Demo history step ${command} failed: ${ack.error.message}`);
    return ack.data as { card?: { id: string; version: number }; unit?: { version: number } };
  };
  const iso = (t: number) => new Date(t).toISOString();

  // Oldest first, from a year ago to a day ago, mostly in the evening and at night.
  const day = 86_400_000;
  const starts = Array.from({ length: DEMO_HISTORY_CARDS }, (_, i) => {
    const daysAgo = 365 - Math.floor((i * 364) / DEMO_HISTORY_CARDS);
    const hour = rand.pick([9, 11, 14, 16, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3]);
    return now - daysAgo * day + (hour * 60 + rand.between(0, 59)) * 60_000 - (now % day);
  }).filter((t) => t < now - day);

  for (const [i, t0] of starts.entries()) {
    const ethnicity = rand.pick(ETHNICITY);
    const priority = rand.pick(PRIORITY);
    const years = rand.between(15, 78);
    const postcode = rand.next() < 0.85 ? rand.pick(DEMO_POSTCODES) : null;
    const name = `${rand.pick(FIRST)} ${rand.pick(LAST)}`;
    const created = await run('operator', t0, 'case:create', {
      caseId: services.newId(),
      channel: rand.pick(['111-option-2', 'self-referral', 'carer-or-family', 'police']),
      caller: { name: '', relationship: '', callbackNumber: '' },
      person: {
        name,
        age: { kind: 'age', years },
        sex: rand.pick(['female', 'male']),
        ethnicity,
        nhsNumber: null,
        postcode,
      },
      location: { description: `${rand.between(1, 90)} Mill Road, Kestrel Vale`, type: 'own-home', coordinates: null },
      presentingConcerns: 'Low mood and distress (demo history).',
      riskFlags: { toSelf: rand.next() < 0.6, toOthers: false, fromOthers: false, safeguarding: false },
      safety: { weapons: false, violence: false, addressHazards: false, note: '' },
      priority,
      summary: 'Demo history card',
    });
    const caseId = created.card?.id ?? '';
    let version = created.card?.version ?? 1;
    const onCase = async (username: string, at: number, command: TCaseCommand, input: object) => {
      const r = await run(username, at, command, { caseId, expectedVersion: version, ...input });
      version = r.card?.version ?? version;
    };
    let t = t0 + rand.between(2, 25) * 60_000;
    await onCase('operator', t, 'case:take-ownership', {});

    // Black people are detained far more often than others: the inequality the reports are for.
    const detentionOdds = ethnicity === 'M' || ethnicity === 'N' ? 0.5 : 0.18;
    if (rand.next() < detentionOdds) {
      t += rand.between(20, 120) * 60_000;
      await onCase('police-officer', t, 'case:detain', {
        power: rand.next() < 0.9 ? 's136' : 's135',
        officer: { name: 'PC Dan Hollis', collarNumber: '4471' },
        decidedAt: iso(t),
        place: 'public-place',
        consultation: { kind: 'consulted', profession: 'nurse', name: 'Tess Marlow (RMN)' },
        keptAtPlaceOfSafety: false,
      });
      const byPolice = rand.next() < 0.45;
      t += 5 * 60_000;
      await onCase('police-officer', t, 'case:choose-place-of-safety', {
        kind: rand.next() < 0.7 ? 'health-based-suite' : 'emergency-department',
        name: 'Willowbank s136 Suite',
        transport: byPolice
          ? {
              mode: 'police-vehicle',
              reason: rand.pick(['no-ambulance-within-30-min', 'ambulance-diverted', 'not-requested']),
            }
          : { mode: 'ambulance' },
        policeStation: null,
        ageStatement: null,
      });
      t += rand.between(15, 50) * 60_000;
      await onCase('police-officer', t, 'case:record-arrival', { arrivedOnSiteAt: iso(t), enteredAt: null });
      t += rand.between(20, 180) * 60_000;
      await onCase('police-officer', t, 'case:record-handover', { at: iso(t) });
      t += rand.between(3, 20) * 60 * 60_000;
      await onCase('triage-clinician', t, 'case:end-detention', {
        outcome: rand.pick(['no-mental-disorder', 'informal-admission', 's2-application', 'discharged-with-follow-up']),
        note: '',
      });
    } else if (i % 3 !== 2) {
      // The unit attends: dispatch, accept, en route, on scene, clear.
      t += rand.between(2, 15) * 60_000;
      await run('operator', t, 'unit:dispatch', { unitId, caseId });
      t += rand.between(1, 6) * 60_000;
      unitVersion = (await run('htt-nurse', t, 'unit:accept', { unitId })).unit?.version ?? unitVersion;
      t += 60_000;
      const status = async (to: string) => {
        unitVersion =
          (await run('htt-nurse', t, 'unit:set-status', { unitId, status: to, expectedVersion: unitVersion })).unit
            ?.version ?? unitVersion;
      };
      await status('en-route');
      const toSeen =
        priority === 'emergency'
          ? rand.between(25, 80)
          : priority === 'very-urgent'
            ? rand.between(60, 320)
            : rand.between(120, 1800);
      t = t0 + toSeen * 60_000;
      await status('on-scene');
      t += rand.between(30, 100) * 60_000;
      await status('available');
    }
    t += rand.between(10, 60) * 60_000;
    await onCase('operator', t, 'case:close', {
      outcome: { kind: rand.pick(OUTCOMES), destinationOrSafetyNet: 'Safety plan agreed (demo history)' },
    });
  }
}
