import { describe, expect, it } from 'vitest';
import type { TAccountListItem } from '@shared/schemas/account';
import type { TUnit } from '@shared/schemas/unit';
import {
  canCrew,
  candidatesFromAccounts,
  candidatesFromUnits,
  crewProblem,
  matchesCrewSearch,
} from './crew-candidates';

const account = (over: Partial<TAccountListItem> & Pick<TAccountListItem, 'id' | 'displayName' | 'role'>) =>
  ({
    areaId: 'kv',
    username: over.id,
    organisationId: 'trust',
    contact: { phone: '', email: '' },
    isEnabled: true,
    isDemo: true,
    mustChangePassword: false,
    hasMfa: false,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    unitCallSigns: [],
    sessionCount: 0,
    lastActiveAt: null,
    ...over,
  }) satisfies TAccountListItem;

const unit = (callSign: string, members: TUnit['members']) => ({ callSign, members }) as TUnit;

describe('crew candidates', () => {
  it('lists administrators every crew-role account, disabled ones marked, others left out', () => {
    const list = candidatesFromAccounts([
      account({ id: 'p', displayName: 'PC Shah', role: 'police-officer', unitCallSigns: ['ST2'] }),
      account({ id: 'o', displayName: 'Operator', role: 'operator' }),
      account({ id: 'n', displayName: 'Jo Whitcombe', role: 'triage-clinician', isEnabled: false }),
    ]);
    expect(list.map((c) => [c.name, crewProblem(c)])).toEqual([
      ['Jo Whitcombe', 'account disabled'],
      ['PC Shah', null],
    ]);
    expect(list.map(canCrew)).toEqual([false, true]);
  });

  it('keeps a current member listed whatever their role, so they can be taken off', () => {
    const list = candidatesFromAccounts([account({ id: 'o', displayName: 'Ex crew', role: 'operator' })], ['o']);
    expect(list.map((c) => crewProblem(c))).toEqual(['not in a crew role']);
  });

  it('gives duty managers everyone already on a crew, with their units', () => {
    const list = candidatesFromUnits([
      unit('ST2', [{ userId: 'a', name: 'Amira', role: 'police-officer' }]),
      unit('ST1', [
        { userId: 'a', name: 'Amira', role: 'police-officer' },
        { userId: 'b', name: 'Ben', role: 'triage-clinician' },
      ]),
    ]);
    expect(list.map((c) => [c.name, c.unitCallSigns, c.organisationId])).toEqual([
      ['Amira', ['ST1', 'ST2'], null],
      ['Ben', ['ST1'], null],
    ]);
    expect(list.every(canCrew)).toBe(true);
  });

  it('searches what the picker shows', () => {
    const [c] = candidatesFromUnits([unit('AMH1', [{ userId: 'x', name: 'Lee Carver', role: 'ambulance-clinician' }])]);
    if (!c) throw new Error('no candidate');
    const describe = () => 'Ambulance clinician · on AMH1';
    expect(matchesCrewSearch(c, 'carv', describe)).toBe(true);
    expect(matchesCrewSearch(c, 'amh1', describe)).toBe(true);
    expect(matchesCrewSearch(c, 'police', describe)).toBe(false);
  });
});
