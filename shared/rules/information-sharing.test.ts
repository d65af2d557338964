import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { INFORMATION_SHARING_POLICY as POLICY } from '../config/information-sharing';
import type { TServerToClientEvents } from '../protocol';
import { ZCaseCard } from '../schemas/case';
import { ZHold, type TService } from '../schemas/service';
import { ZUnit, type TUnit } from '../schemas/unit';
import { ROLES } from '../schemas/user';
import { evolve } from './case-lifecycle';
import { isCardPathShared, redactCard, serviceForReader, unitForReader, type TReader } from './redaction';
import { aCard, aContext, asEvent, aService } from './test-fixtures';
import { toTimelineEntry } from './timeline';

type TDef = { type: string; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: TDef } })._zod.def;

/** Strips nullable/optional/default wrappers; lists become `[]` segments. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; list: boolean } {
  let s = schema;
  let list = false;
  for (;;) {
    const def = defOf(s);
    if (['nullable', 'optional', 'default', 'readonly', 'nonoptional'].includes(def.type) && def.innerType) {
      s = def.innerType;
    } else if (def.type === 'array' && def.element) {
      s = def.element;
      list = true;
    } else return { schema: s, list };
  }
}

/** Every leaf path of an object schema that no listed path (itself or an ancestor) classifies. */
function unclassifiedPaths(schema: z.ZodType, listed: readonly string[], prefix = ''): string[] {
  const shape = defOf(schema).shape ?? {};
  return Object.entries(shape).flatMap(([key, child]) => {
    const { schema: inner, list } = unwrap(child);
    const path = `${prefix}${key}${list ? '[]' : ''}`;
    // A list is classified as a whole (`alerts`) or element by element (`notes[]`).
    if (listed.includes(path) || listed.includes(`${prefix}${key}`)) return [];
    if (defOf(inner).type === 'object') return unclassifiedPaths(inner, listed, `${path}.`);
    return [path];
  });
}

const topLevelKeys = (schema: z.ZodType) => Object.keys(defOf(schema).shape ?? {});

describe('the information-sharing policy covers every payload (R-IG-MIN)', () => {
  it('R-IG-MIN: every field of a case card is classified, with a reason', () => {
    expect(unclassifiedPaths(ZCaseCard, Object.keys(POLICY.cardFields))).toEqual([]);
    for (const rule of Object.values(POLICY.cardFields)) expect(rule.why.length).toBeGreaterThan(10);
  });

  it('R-IG-MIN: every field of a hold and of a unit is classified, and nothing listed is stale', () => {
    expect(topLevelKeys(ZHold).sort()).toEqual(Object.keys(POLICY.holdFields).sort());
    expect(topLevelKeys(ZUnit).sort()).toEqual(Object.keys(POLICY.unitFields).sort());
  });

  it('R-IG-MIN: every socket event the server can send has a payload kind (checked by the compiler too)', () => {
    const kinds: Record<keyof TServerToClientEvents, string> = POLICY.eventKinds;
    for (const kind of Object.values(kinds)) expect(Object.keys(POLICY.payloadKinds)).toContain(kind);
    for (const kind of Object.values(POLICY.routeKinds)) expect(Object.keys(POLICY.payloadKinds)).toContain(kind);
  });

  it('R-IG-MIN: every role has a card view, a hold audience and a unit audience', () => {
    for (const role of ROLES) {
      expect(POLICY.viewByRole[role]).toBeDefined();
      expect(POLICY.holdAudienceByRole[role]).toBeDefined();
      expect(POLICY.unitAudienceByRole[role]).not.toBeUndefined();
    }
  });
});

const CANARY = {
  concerns: 'CANARY-CONCERNS on clozapine',
  contactNote: 'CANARY-CONTACT line went dead, self-harm last week',
  outcome: 'CANARY-OUTCOME admitted to Elm ward, depot injection',
  holdNote: 'CANARY-HOLD Known to CMHT, on clozapine',
};

describe('police read what they need to act, and no clinical free text (R-IG-MIN)', () => {
  const ctx = aContext('triage-clinician');
  const base = aCard({
    presentingConcerns: CANARY.concerns,
    summary: 'Man on the footbridge, agitated',
    safety: { weapons: true, violence: false, addressHazards: false, note: 'Said he has a knife' },
  });
  const lost = evolve(
    base,
    asEvent(
      { type: 'case.contact-lost', data: { followUp: 'welfare-check-police', note: CANARY.contactNote } },
      base.id,
      2,
      ctx,
    ),
  );

  it('R-IG-MIN: police see the situation line and the safety information they attend with', () => {
    const police = redactCard(base, 'police');
    expect(police.summary).toBe('Man on the footbridge, agitated');
    expect(police.safety).toEqual({
      weapons: true,
      violence: false,
      addressHazards: false,
      note: 'Said he has a knife',
    });
  });

  it('R-IG-MIN: the contact-lost note is withheld from police on the card and on the timeline', () => {
    const police = redactCard(lost, 'police');
    expect(police.contactLost?.followUp).toBe('welfare-check-police');
    expect(police.contactLost?.note).toBeNull();
    expect(police.withheld).toContain('contactLost.note');
    const event = asEvent(
      { type: 'case.contact-lost', data: { followUp: 'welfare-check-police', note: CANARY.contactNote } },
      base.id,
      2,
      ctx,
    );
    expect(toTimelineEntry(event, 'police').text).toBe('Contact lost — follow-up: Police welfare check');
    expect(toTimelineEntry(event, 'clinical').text).toContain(CANARY.contactNote);
  });

  it('R-IG-MIN: the closing outcome text is withheld from police, the outcome kind is not', () => {
    const closed = evolve(
      base,
      asEvent(
        {
          type: 'case.closed',
          data: { outcome: { kind: 'admitted', destinationOrSafetyNet: CANARY.outcome } },
        },
        base.id,
        2,
        ctx,
      ),
    );
    const police = redactCard(closed, 'police');
    expect(police.outcome?.kind).toBe('admitted');
    expect(JSON.stringify(police)).not.toContain('CANARY');
    const entry = toTimelineEntry(
      asEvent(
        { type: 'case.closed', data: { outcome: { kind: 'admitted', destinationOrSafetyNet: CANARY.outcome } } },
        base.id,
        2,
        ctx,
      ),
      'police',
    );
    expect(entry.text).toBe('Closed — Admitted');
  });

  it('R-IG-MIN: a policy path with no rule of its own follows its parent', () => {
    expect(isCardPathShared('location.description', 'police')).toBe(true);
    expect(isCardPathShared('caller.callbackNumber', 'police')).toBe(false);
    expect(isCardPathShared('detention.places', 'police')).toBe(true);
    expect(isCardPathShared('detention.outcome.note', 'police')).toBe(false);
  });
});

const reader = (role: TReader['role'], organisationId = 'other-org', id = `user-${role}`): TReader => ({
  id,
  role,
  organisationId,
});

describe('holds are shared by relationship to the service (R-IG-MIN)', () => {
  const house: TService = {
    ...aService({ id: 'elm-house', kind: 'A25' }),
    organisationId: 'elm-trust',
    holds: [
      {
        id: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
        caseId: '7b0c6f3e-4a1d-4c2b-9f6e-2d8a1b3c4d5e',
        caseRef: 'C-7B0C6F',
        category: 'adult',
        state: 'held',
        placedAt: '2026-12-01T20:00:00.000Z',
        expiresAt: '2026-12-01T20:45:00.000Z',
        placedBy: { id: 'user-operator', name: 'Olu Operator', role: 'operator' },
        note: CANARY.holdNote,
      },
    ],
  };

  it('R-IG-MIN: the receiving service and the hub see the hold in full', () => {
    expect(serviceForReader(house, reader('pos-staff', 'elm-trust')).holds[0]).toEqual(house.holds[0]);
    expect(serviceForReader(house, reader('operator')).holds[0]).toEqual(house.holds[0]);
  });

  it('R-IG-MIN: another organisation’s staff and the administrator see only that a place is taken', () => {
    for (const r of [reader('provider', 'haven-cafe'), reader('pos-staff', 'another-trust'), reader('admin')]) {
      const [h] = serviceForReader(house, r).holds;
      expect(h).toMatchObject({ caseId: null, caseRef: null, placedBy: null, note: null, category: 'adult' });
    }
  });

  it('R-IG-MIN: police see whose job a hold is for but not its note', () => {
    const [h] = serviceForReader(house, reader('police-officer')).holds;
    expect(h).toMatchObject({ caseRef: 'C-7B0C6F', note: null });
  });

  it('R-IG-MIN: the wall board sees the readable card reference and no internal id', () => {
    const [h] = serviceForReader(house, reader('board')).holds;
    expect(h).toMatchObject({ caseRef: 'C-7B0C6F', caseId: null, placedBy: null, note: null });
  });
});

describe('units go to the hub and their own crew (R-IG-MIN)', () => {
  const unit: TUnit = {
    id: '2a2a2a2a-2a2a-4a2a-8a2a-2a2a2a2a2a2a',
    areaId: 'kestrel-vale',
    version: 3,
    updatedAt: '2026-12-01T20:00:00.000Z',
    callSign: 'ST1',
    kind: 'street-triage-car',
    organisationId: 'police',
    members: [{ userId: 'pc-1', name: 'PC One', role: 'police-officer' }],
    isOnShift: true,
    status: 'on-scene',
    statusSince: '2026-12-01T19:50:00.000Z',
    location: { lat: 52.4, lng: -1.5, at: '2026-12-01T19:59:00.000Z', source: 'device' },
    assignment: null,
    sos: { at: '2026-12-01T19:59:30.000Z', location: null, acknowledgedBy: null },
  };

  it('R-IG-MIN: the hub and the unit’s own crew see it live', () => {
    expect(unitForReader(unit, reader('operator'))).toEqual(unit);
    expect(unitForReader(unit, reader('police-officer', 'police', 'pc-1'))).toEqual(unit);
  });

  it('R-IG-MIN: café and suite staff, other officers and the board do not receive it at all', () => {
    for (const r of [
      reader('provider'),
      reader('pos-staff'),
      reader('police-officer', 'police', 'pc-2'),
      reader('board'),
    ]) {
      expect(unitForReader(unit, r)).toBeNull();
    }
  });

  it('R-IG-MIN: the administrator sees the registry record without location, job or SOS', () => {
    expect(unitForReader(unit, reader('admin'))).toMatchObject({ callSign: 'ST1', location: null, sos: null });
  });
});
