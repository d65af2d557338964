import type { TUnitCommand } from '@shared/protocol';
import type { TUnitKind } from '@shared/schemas/unit';
import type { TRole, TUser } from '@shared/schemas/user';
import { runCommand } from '../commands/run-command';
import type { TServices } from '../services';
import { DEMO_ORGANISATIONS as ORG } from './demo-organisations';

/** Crew accounts beyond the one-per-role logins, so every unit has its own members. */
export const DEMO_CREW: { username: string; displayName: string; role: TRole; organisationId: string }[] = [
  { username: 'st2-nurse', displayName: 'Jo Whitcombe (RMN)', role: 'triage-clinician', organisationId: ORG.trust.id },
  { username: 'st2-officer', displayName: 'PC Amira Shah', role: 'police-officer', organisationId: ORG.police.id },
  { username: 'triage-line', displayName: 'Sam Ode (RMN)', role: 'triage-clinician', organisationId: ORG.trust.id },
  {
    username: 'amb2-paramedic',
    displayName: 'Lee Carver (Paramedic)',
    role: 'ambulance-clinician',
    organisationId: ORG.ambulance.id,
  },
  { username: 'htt-nurse', displayName: 'Nia Roberts (RMN)', role: 'triage-clinician', organisationId: ORG.trust.id },
];

type TDemoUnit = {
  key: string;
  callSign: string;
  kind: TUnitKind;
  org: string;
  crew: string[];
  onShift: boolean;
  /** Where the crew's device last shared its position, and how many minutes ago (for the map). */
  position?: { lat: number; lng: number; minutesAgo: number };
};
/** The demo's units, the organisation each belongs to, and who crews them (usernames). */
const UNITS: TDemoUnit[] = [
  {
    key: 'st1',
    callSign: 'ST1',
    kind: 'street-triage-car',
    org: ORG.trust.id,
    crew: ['triage-clinician', 'police-officer'],
    onShift: true,
    position: { lat: 52.4128, lng: -1.5158, minutesAgo: 3 },
  },
  {
    key: 'st2',
    callSign: 'ST2',
    kind: 'street-triage-car',
    org: ORG.trust.id,
    crew: ['st2-nurse', 'st2-officer'],
    onShift: true,
  },
  {
    key: 'line',
    callSign: 'TRIAGE LINE',
    kind: 'street-triage-phone',
    org: ORG.trust.id,
    crew: ['triage-line'],
    onShift: true,
  },
  {
    key: 'amb1',
    callSign: 'AMH1',
    kind: 'ambulance-mh-car',
    org: ORG.ambulance.id,
    crew: ['ambulance-clinician'],
    onShift: true,
    position: { lat: 52.4163, lng: -1.4958, minutesAgo: 6 },
  },
  {
    key: 'amb2',
    callSign: 'AMH2',
    kind: 'ambulance-mh-car',
    org: ORG.ambulance.id,
    crew: ['amb2-paramedic'],
    onShift: false,
  },
  {
    key: 'htt',
    callSign: 'HTT',
    kind: 'home-treatment-team',
    org: ORG.trust.id,
    crew: ['htt-nurse'],
    onShift: true,
    // Shared 40 minutes ago: the map and the dispatch suggestion show it as an old position.
    position: { lat: 52.4031, lng: -1.5262, minutesAgo: 40 },
  },
  { key: 'amhp', callSign: 'AMHP DUTY', kind: 'amhp-on-duty', org: ORG.council.id, crew: ['amhp'], onShift: true },
];

/**
 * Registers the demo units and plays a little of a shift through the real command path: ST2 is on scene
 * at `onSceneCase` (dispatched, accepted, en route, on scene), the rest available or off shift.
 */
export async function seedDemoUnits(
  services: TServices,
  usersByName: ReadonlyMap<string, TUser>,
  onSceneCase: string | null,
): Promise<string | null> {
  let historyUnit: string | null = null;
  const start = services.now().getTime();
  const run = async <C extends TUnitCommand>(username: string, minutesAgo: number, command: C, input: object) => {
    const user = usersByName.get(username);
    if (!user) throw new Error(`No demo user ${username}`);
    const at = new Date(start - minutesAgo * 60_000);
    const ack = await runCommand({ ...services, now: () => at }, user, command, {
      ...input,
      commandId: services.newId(),
    });
    if (!ack.ok) throw new Error(`Demo unit step ${command} failed: ${ack.error.message}`);
    return ack.data.unit;
  };
  for (const u of UNITS) {
    const unitId = services.newId();
    const memberUserIds = u.crew.map((name) => usersByName.get(name)?.id ?? name);
    await run('duty-manager', 8 * 60, 'unit:register', {
      unitId,
      callSign: u.callSign,
      kind: u.kind,
      organisationId: u.org,
      memberUserIds,
    });
    const crew = u.crew[0] ?? '';
    if (u.onShift) await run(crew, 7 * 60, 'unit:set-shift', { unitId, isOnShift: true });
    if (u.position) {
      const { lat, lng, minutesAgo } = u.position;
      await run(crew, minutesAgo, 'unit:set-location', { unitId, lat, lng, source: 'device' });
    }
    // The home treatment team answers the demo's year of history (demo-history.ts).
    if (u.key === 'htt') historyUnit = unitId;
    if (u.key === 'st2' && onSceneCase) {
      await run('operator', 30, 'unit:dispatch', { unitId, caseId: onSceneCase });
      let unit = await run(crew, 29, 'unit:accept', { unitId });
      unit = await run(crew, 28, 'unit:set-status', { unitId, status: 'en-route', expectedVersion: unit.version });
      unit = await run(crew, 12, 'unit:set-status', { unitId, status: 'on-scene', expectedVersion: unit.version });
      await run(crew, 12, 'unit:set-location', { unitId, lat: 52.4205, lng: -1.5012, source: 'device' });
    }
  }
  return historyUnit;
}
