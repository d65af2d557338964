import type { TStreamWrite } from '@db/repositories';
import { decideCreateArea, decideCreateOrganisation, decideCreateUser } from '@shared/rules/account-lifecycle';
import type { TCaseCommand } from '@shared/rules/permissions';
import type { TCommandInput } from '@shared/protocol';
import type { TArea, TOrganisation } from '@shared/schemas/account';
import { NO_SAFETY_CONCERNS, type TCaseCreateRequest } from '@shared/schemas/case';
import type { TRole, TUser } from '@shared/schemas/user';
import { hashPassword } from '../auth/passwords';
import { areaWrite, organisationWrite, userWrite } from '../commands/admin/stream-writes';
import { commitStreams } from '../commands/commit-streams';
import { seedDemoHistory } from './demo-history';
import { DEMO_AREA_DEPRIVATION, DEMO_DEPRIVATION_EDITION, DEMO_POSTCODE_AREAS } from './demo-deprivation';
import { runCommand } from '../commands/run-command';
import type { TServices } from '../services';
import { DEMO_ORGANISATIONS } from './demo-organisations';
import { seedDemoHold, seedDemoServices } from './demo-services';
import { DEMO_CREW, seedDemoUnits } from './demo-units';

/** A fictional area: every place, service and person here is invented. */
export const DEMO_AREA = { id: 'kestrel-vale', name: 'Kestrel Vale', shortCode: 'KV' };

const ORGS: Record<TRole, string> = {
  operator: DEMO_ORGANISATIONS.trust.id,
  'triage-clinician': DEMO_ORGANISATIONS.trust.id,
  'police-officer': DEMO_ORGANISATIONS.police.id,
  'ambulance-clinician': DEMO_ORGANISATIONS.ambulance.id,
  'pos-staff': DEMO_ORGANISATIONS.willowbank.id,
  provider: DEMO_ORGANISATIONS.harbour.id,
  'duty-manager': DEMO_ORGANISATIONS.trust.id,
  amhp: DEMO_ORGANISATIONS.council.id,
  admin: DEMO_ORGANISATIONS.trust.id,
  board: DEMO_ORGANISATIONS.trust.id,
  'ig-lead': DEMO_ORGANISATIONS.trust.id,
  commissioner: DEMO_ORGANISATIONS.icb.id,
};
const NAMES: Record<TRole, string> = {
  operator: 'Olu Adeyemi',
  'triage-clinician': 'Tess Marlow (RMN)',
  'police-officer': 'PC Dan Hollis',
  'ambulance-clinician': 'Priya Nair (Paramedic)',
  'pos-staff': 'Gwen Fairley',
  provider: 'Ravi Castell',
  'duty-manager': 'Morgan Ellery',
  amhp: 'Ade Okafor (AMHP)',
  admin: 'Sys Admin',
  board: 'Control room wall board',
  'ig-lead': 'Iris Gatward (IG lead)',
  commissioner: 'Cass Penrose (ICB commissioner)',
};

export const DEMO_USERS: TUser[] = [
  ...(Object.keys(ORGS) as TRole[]).map((role) => ({
    id: `demo-${role}`,
    username: role,
    displayName: NAMES[role],
    role,
    organisationId: ORGS[role],
    areaId: DEMO_AREA.id,
  })),
  ...DEMO_CREW.map((c) => ({ ...c, id: `demo-${c.username}`, areaId: DEMO_AREA.id })),
];

type TDemoStep = { by: TRole; minutesAgo: number } & (
  | { command: 'case:create'; input: Omit<TCaseCreateRequest, 'commandId'> }
  | { command: Exclude<TCaseCommand, 'case:create'>; input: Record<string, unknown> }
);

const base = {
  caller: { name: '', relationship: '', callbackNumber: '' },
  riskFlags: { toSelf: false, toOthers: false, fromOthers: false, safeguarding: false },
  presentingConcerns: '',
  safety: NO_SAFETY_CONCERNS,
};

/** The caller on the demo's "contact lost" card, who also rang last week (the same NHS number links them). */
const SAM_KERR = {
  caller: { name: 'Sam', relationship: 'self', callbackNumber: '07700 900789' },
  person: {
    name: 'Sam Kerr',
    age: { kind: 'date-of-birth' as const, date: '1989-04-12' },
    sex: 'female' as const,
    ethnicity: 'C' as const,
    nhsNumber: '9990229651',
  },
};

/** Cards at different stages, so the first screen a newcomer sees is alive. `ref` links later steps. */
const STORY: (TDemoStep & { ref?: string; on?: string })[] = [
  // Sam Kerr rang last week too (the same NHS number links the cards at once), and a card from
  // earlier in the month may be hers (same name and date of birth, no NHS number): the history strip
  // and a suggestion to confirm or reject (R-PERSON-LINK).
  {
    ref: 'kerr-last-week',
    by: 'operator',
    minutesAgo: 6 * 24 * 60 + 200,
    command: 'case:create',
    input: {
      ...base,
      channel: 'self-referral',
      ...SAM_KERR,
      location: { description: 'Flat 2, 9 Tanner Street, Kestrel Vale', type: 'own-home', coordinates: null },
      presentingConcerns: 'Rent arrears letter; low mood; passing thoughts of not being here.',
      riskFlags: { toSelf: true, toOthers: false, fromOthers: false, safeguarding: false },
      priority: 'urgent',
      summary: 'Rent arrears, low mood; agreed a safety plan',
    },
  },
  {
    on: 'kerr-last-week',
    by: 'operator',
    minutesAgo: 6 * 24 * 60 + 150,
    command: 'case:close',
    input: {
      outcome: {
        kind: 'stayed-home-with-safety-plan',
        destinationOrSafetyNet: 'Safety plan agreed; home treatment team to call tomorrow',
      },
    },
  },
  {
    ref: 'kerr-earlier',
    by: 'triage-clinician',
    minutesAgo: 19 * 24 * 60,
    command: 'case:create',
    input: {
      ...base,
      channel: '111-option-2',
      caller: { name: 'Neighbour', relationship: 'neighbour', callbackNumber: '01632 960555' },
      person: {
        name: 'Sam Ker',
        age: { kind: 'date-of-birth', date: '1989-04-12' },
        sex: 'female',
        ethnicity: 'C',
        nhsNumber: null,
      },
      location: { description: 'Tanner Street, Kestrel Vale', type: 'public-place', coordinates: null },
      presentingConcerns: 'Neighbour heard crying through the wall; woman said she was fine.',
      priority: 'routine',
      summary: 'Neighbour worried about a woman crying',
    },
  },
  {
    on: 'kerr-earlier',
    by: 'triage-clinician',
    minutesAgo: 19 * 24 * 60 - 40,
    command: 'case:close',
    input: { outcome: { kind: 'no-contact-welfare-done', destinationOrSafetyNet: 'Welfare call, no answer' } },
  },
  {
    ref: 'bridge',
    by: 'operator',
    minutesAgo: 14,
    command: 'case:create',
    input: {
      ...base,
      channel: '111-option-2',
      caller: { name: 'Jordan', relationship: 'self', callbackNumber: '07700 900123' },
      person: {
        name: 'Jordan Pell',
        age: { kind: 'age', years: 34 },
        sex: 'male',
        ethnicity: 'A',
        nhsNumber: '9990126704',
      },
      location: {
        description: 'Castle Bridge footpath, by the river steps',
        type: 'public-place',
        coordinates: { lat: 52.4101, lng: -1.5102 },
      },
      presentingConcerns: 'Says he wants to end his life; drank this evening; known to home treatment team.',
      riskFlags: { toSelf: true, toOthers: false, fromOthers: false, safeguarding: false },
      priority: 'emergency',
      summary: 'On the bridge, suicidal, agreed to stay on the line',
    },
  },
  { on: 'bridge', by: 'triage-clinician', minutesAgo: 12, command: 'case:take-ownership', input: {} },
  {
    on: 'bridge',
    by: 'triage-clinician',
    minutesAgo: 11,
    command: 'case:add-note',
    input: {
      text: 'Known to CRHT; last seen 3 weeks ago. Safety plan on record: sister is his named contact.',
      visibility: 'clinical',
    },
  },
  {
    on: 'bridge',
    by: 'triage-clinician',
    minutesAgo: 10,
    command: 'case:add-note',
    input: {
      text: 'Street-triage car 1 attending; approach from the station side, quietly.',
      visibility: 'all-agencies',
    },
  },
  {
    ref: 'footbridge',
    by: 'police-officer',
    minutesAgo: 58,
    command: 'case:create',
    input: {
      ...base,
      channel: 'police',
      person: { name: null, age: { kind: 'unknown' }, sex: 'male', ethnicity: '99', nhsNumber: null },
      location: {
        description: 'Ring-road footbridge near Mill Lane',
        type: 'public-place',
        coordinates: { lat: 52.4037, lng: -1.5005 },
      },
      presentingConcerns: 'Distressed, shouting, climbed the railing once; no offence.',
      safety: {
        weapons: true,
        violence: false,
        addressHazards: false,
        note: 'Said he has a knife in his bag; not seen.',
      },
      riskFlags: { toSelf: true, toOthers: false, fromOthers: false, safeguarding: false },
      priority: 'emergency',
      summary: 'Officers with a man on the footbridge; asking for mental-health advice',
    },
  },
  {
    on: 'footbridge',
    by: 'police-officer',
    minutesAgo: 55,
    command: 'case:detain',
    input: {
      power: 's136',
      officer: { name: 'PC Dan Hollis', collarNumber: '4471' },
      decidedAt: 'minutesAgo:56',
      place: 'public-place',
      consultation: { kind: 'consulted', profession: 'nurse', name: 'Tess Marlow (RMN)' },
      keptAtPlaceOfSafety: false,
    },
  },
  {
    on: 'footbridge',
    by: 'police-officer',
    minutesAgo: 54,
    command: 'case:choose-place-of-safety',
    input: {
      kind: 'emergency-department',
      serviceId: 'service:ed',
      name: 'Kestrel Vale General Emergency Department',
      transport: { mode: 'police-vehicle', reason: 'no-ambulance-within-30-min' },
      policeStation: null,
      ageStatement: '18-or-over',
    },
  },
  {
    on: 'footbridge',
    by: 'police-officer',
    minutesAgo: 50,
    command: 'case:record-arrival',
    input: { arrivedOnSiteAt: 'minutesAgo:50', enteredAt: null },
  },
  {
    ref: 'home',
    by: 'operator',
    minutesAgo: 38,
    command: 'case:create',
    input: {
      ...base,
      channel: 'carer-or-family',
      caller: { name: 'Ann Brook', relationship: 'mother', callbackNumber: '07700 900456' },
      person: { name: 'Lee Brook', age: { kind: 'age', years: 24 }, sex: 'male', ethnicity: 'M', nhsNumber: null },
      location: {
        description: '14 Orchard Row, Kestrel Vale',
        type: 'own-home',
        coordinates: { lat: 52.4232, lng: -1.5 },
      },
      presentingConcerns: 'Not slept for four days, pacing, believes he is being watched.',
      riskFlags: { toSelf: false, toOthers: false, fromOthers: false, safeguarding: false },
      safety: {
        weapons: false,
        violence: true,
        addressHazards: true,
        note: 'Shouted at his mother and pushed past her tonight; large dog in the front garden. No weapons in the house.',
      },
      priority: 'very-urgent',
      summary: 'Mother worried: son not sleeping, paranoid, refusing GP',
    },
  },
  {
    ref: 'evicted',
    by: 'operator',
    minutesAgo: 82,
    command: 'case:create',
    input: {
      ...base,
      channel: 'self-referral',
      ...SAM_KERR,
      location: {
        description: 'Unknown — mobile phone, said she is "near the market"',
        type: 'public-place',
        coordinates: null,
      },
      presentingConcerns: 'Overwhelmed after an eviction notice; thoughts of self-harm, no plan stated.',
      riskFlags: { toSelf: true, toOthers: false, fromOthers: false, safeguarding: false },
      priority: 'urgent',
      summary: 'Overwhelmed after eviction notice; wants to talk tonight',
    },
  },
  {
    on: 'evicted',
    by: 'operator',
    minutesAgo: 70,
    command: 'case:mark-contact-lost',
    input: { followUp: 'call-back', note: 'Line went dead mid-call; two call-backs went to voicemail.' },
  },
  {
    ref: 'overdose',
    by: 'ambulance-clinician',
    minutesAgo: 51,
    command: 'case:create',
    input: {
      ...base,
      channel: 'ambulance',
      person: { name: 'Maya Ortiz', age: { kind: 'age', years: 19 }, sex: 'female', ethnicity: 'S', nhsNumber: null },
      location: {
        description: 'Kestrel Vale General — ambulance bay',
        type: 'health-setting',
        coordinates: { lat: 52.4187, lng: -1.5326 },
      },
      presentingConcerns: 'Paracetamol overdose earlier today; medically cleared; asks for crisis follow-up.',
      riskFlags: { toSelf: true, toOthers: false, fromOthers: false, safeguarding: true },
      priority: 'urgent',
      summary: 'Crew with young woman after overdose, now medically fit',
    },
  },
  { on: 'overdose', by: 'ambulance-clinician', minutesAgo: 49, command: 'case:take-ownership', input: {} },
  {
    ref: 'gp',
    by: 'operator',
    minutesAgo: 190,
    command: 'case:create',
    input: {
      ...base,
      channel: 'other-agency',
      caller: { name: 'Dr Hale', relationship: 'GP', callbackNumber: '01632 960100' },
      person: {
        name: 'Peter Quill',
        age: { kind: 'age', years: 61 },
        sex: 'male',
        ethnicity: 'A',
        nhsNumber: '9990269246',
      },
      location: {
        description: '3 Heron Close, Kestrel Vale',
        type: 'own-home',
        coordinates: { lat: 52.3995, lng: -1.5205 },
      },
      presentingConcerns: 'Low mood after medication change; GP asks for a crisis-team call tomorrow.',
      priority: 'routine',
      summary: 'GP asks for a follow-up call after medication change',
    },
  },
];

/** The one account per role (username = role name) that the demo story acts as. */
function demoUsersByRole(): Map<TRole, TUser> {
  return new Map(DEMO_USERS.filter((u) => u.username === u.role).map((u) => [u.role, u]));
}

/**
 * The demo area, its organisations and one account per role (username = role name) plus the crews, all
 * with the same password, in one transaction through the one write path, so the administration history
 * shows them. The area is marked as the demo, so every account in it is a demo account.
 */
export async function seedDemoUsers(services: TServices, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const commandId = services.newId();
  const actor = { id: 'system', name: 'Concordat demo', role: 'admin' as const };
  const by = { actor, commandId, at: new Date(services.now().getTime() - 31 * 3_600_000).toISOString() };
  const ctx = { areaId: DEMO_AREA.id };
  const organisations = Object.values(DEMO_ORGANISATIONS);
  const reason = 'Demo: fictional people and places';
  await commitStreams(
    services,
    { name: 'demo:seed-accounts', commandId, actorId: actor.id },
    {
      streams: [
        { kind: 'area', id: DEMO_AREA.id },
        ...organisations.map((o) => ({ kind: 'organisation' as const, id: o.id })),
        ...DEMO_USERS.map((u) => ({ kind: 'user' as const, id: u.id })),
      ],
      decide: () => {
        const area = areaWrite(
          DEMO_AREA.id,
          null,
          [decideCreateArea(null, { name: DEMO_AREA.name, shortCode: DEMO_AREA.shortCode, isDemo: true, reason })],
          by,
        );
        const orgWrites = organisations.map((o) =>
          organisationWrite(o.id, null, [decideCreateOrganisation(null, { ...o, reason }, [], ctx)], by),
        );
        const byId = new Map(orgWrites.map((w) => [w.streamId, w.state as TOrganisation]));
        const userWrites: TStreamWrite[] = DEMO_USERS.map((u) =>
          userWrite(
            u.id,
            null,
            [
              decideCreateUser(
                null,
                { ...u, contact: { phone: '', email: '' }, reason },
                {
                  area: area.state as TArea,
                  organisation: byId.get(u.organisationId) ?? null,
                  mustChangePassword: false,
                },
                ctx,
              ),
            ],
            by,
          ),
        );
        return {
          writes: [area, ...orgWrites, ...userWrites],
          credentials: DEMO_USERS.map((u) => ({ userId: u.id, passwordHash })),
        };
      },
    },
  );
}

/** Seeds the demo area, its accounts, cards, services and units into an empty database. */
export async function seedDemoArea(services: TServices, password: string): Promise<void> {
  await seedDemoUsers(services, password);
  const byRole = demoUsersByRole();
  const serviceIds = await seedDemoServices(services, byRole);
  const cases = await seedDemoCases(services, serviceIds);
  const evicted = cases.get('evicted');
  if (evicted) await seedDemoHold(services, byRole, serviceIds, evicted.id);
  const byName = new Map<string, TUser>(DEMO_USERS.map((u) => [u.username, u]));
  const historyUnit = await seedDemoUnits(services, byName, cases.get('home')?.id ?? null);
  await services.store.reports.replaceLookups({
    postcodes: DEMO_POSTCODE_AREAS,
    deprivation: { edition: DEMO_DEPRIVATION_EDITION, rows: DEMO_AREA_DEPRIVATION },
  });
  if (historyUnit) await seedDemoHistory(services, byName, historyUnit);
}

/** The demo story, played through the real command path so the event log and timelines are genuine. */
async function seedDemoCases(
  services: TServices,
  serviceIds: ReadonlyMap<string, string>,
): Promise<Map<string, { id: string; version: number }>> {
  const byRole = demoUsersByRole();
  const refs = new Map<string, { id: string; version: number }>();
  const start = services.now().getTime();
  for (const step of STORY) {
    const at = new Date(start - step.minutesAgo * 60_000);
    const target = step.on ? refs.get(step.on) : undefined;
    const payload = {
      ...withServiceIds(withInstants(step.input, start), serviceIds),
      commandId: services.newId(),
      ...(target ? { caseId: target.id, expectedVersion: target.version } : {}),
    } as TCommandInput<TCaseCommand>;
    const user = byRole.get(step.by);
    if (!user) throw new Error(`No demo user for ${step.by}`);
    const ack = await runCommand({ ...services, now: () => at }, user, step.command, payload);
    if (!ack.ok) throw new Error(`Demo seed step failed: ${ack.error.message}`);
    refs.set(step.ref ?? step.on ?? '', { id: ack.data.card.id, version: ack.data.card.version });
  }
  return refs;
}

/** Demo steps name a registry service as 'service:KEY' (its id is only known once it is registered). */
function withServiceIds(input: object, serviceIds: ReadonlyMap<string, string>): object {
  return Object.fromEntries(
    Object.entries(input).map(([k, v]) => {
      const match = typeof v === 'string' ? /^service:(.+)$/.exec(v) : null;
      if (!match?.[1]) return [k, v];
      const id = serviceIds.get(match[1]);
      if (!id) throw new Error(`No demo service ${match[1]}`);
      return [k, id];
    }),
  );
}

/** Demo steps write times as 'minutesAgo:N' so the story is always relative to when it is seeded. */
function withInstants(input: object, startMs: number): object {
  return Object.fromEntries(
    Object.entries(input).map(([k, v]) => {
      const match = typeof v === 'string' ? /^minutesAgo:(\d+)$/.exec(v) : null;
      return [k, match ? new Date(startMs - Number(match[1]) * 60_000).toISOString() : v];
    }),
  );
}
