import { describe, expect, it } from 'vitest';
import { ROLES } from '../schemas/user';
import { evolve } from './case-lifecycle';
import { caseViewForRole } from './permissions';
import { redactCard, withheldCardPaths } from './redaction';
import { aCard, aContext, asEvent } from './test-fixtures';
import { toTimelineEntry } from './timeline';

function cardWithNotes() {
  const ctx = aContext('triage-clinician');
  let card = aCard();
  card = evolve(
    card,
    asEvent(
      { type: 'case.note-added', data: { noteId: 'n1', text: 'On clozapine; two admissions', visibility: 'clinical' } },
      card.id,
      2,
      ctx,
    ),
  );
  card = evolve(
    card,
    asEvent(
      {
        type: 'case.note-added',
        data: { noteId: 'n2', text: 'Approach from the car park', visibility: 'all-agencies' },
      },
      card.id,
      3,
      ctx,
    ),
  );
  return card;
}

describe('redaction policy per role (R-IG-MIN)', () => {
  it('R-IG-MIN: police see identity, location, risks and status', () => {
    const police = redactCard(cardWithNotes(), 'police');
    expect(police.person.name).toBe('Alex Doe');
    expect(police.person.age).toEqual({ kind: 'age', years: 30 });
    expect(police.location.description).toBe('Market Square');
    expect(police.riskFlags.toSelf).toBe(true);
    expect(police.status).toBe('open');
  });

  it('R-IG-MIN: police never receive clinical notes, concerns, NHS number, ethnicity or caller details', () => {
    const police = redactCard(cardWithNotes(), 'police');
    expect(police).not.toHaveProperty('notes');
    expect(police.presentingConcerns).toBeNull();
    expect(police.person.nhsNumber).toBeNull();
    expect(police.person.ethnicity).toBeNull();
    expect(police.caller).toBeNull();
    expect(JSON.stringify(police)).not.toContain('clozapine');
    expect(JSON.stringify(police)).not.toContain('Hearing voices');
    expect(police.withheld).toEqual(withheldCardPaths('police'));
    expect(police.withheld).toEqual(expect.arrayContaining(['presentingConcerns', 'person.nhsNumber', 'notes[]']));
  });

  it('R-IG-MIN: clinical roles see the whole card', () => {
    const card = cardWithNotes();
    expect(redactCard(card, 'clinical')).toEqual({ ...card, withheld: [] });
  });

  it('R-IG-MIN: a clinical note on the police timeline says a note exists, not what it says', () => {
    const ctx = aContext('triage-clinician');
    const event = asEvent(
      { type: 'case.note-added', data: { noteId: 'n1', text: 'On clozapine', visibility: 'clinical' } },
      'c',
      2,
      ctx,
    );
    expect(toTimelineEntry(event, 'police').text).toBe('Clinical note added (not shared with your role)');
    expect(toTimelineEntry(event, 'clinical').text).toBe('On clozapine');
  });

  it('R-IG-MIN: police timeline names withheld fields only as "clinical details"', () => {
    const ctx = aContext();
    const event = asEvent(
      { type: 'case.updated', data: { changes: { presentingConcerns: 'secret', priority: 'emergency' } } },
      'c',
      2,
      ctx,
    );
    const entry = toTimelineEntry(event, 'police');
    expect(entry.fields).toEqual(['priority', 'clinical details']);
    expect(entry.text).not.toContain('secret');
  });

  it('R-IG-MIN: every role has a view; staff without a need to know see no cards yet', () => {
    for (const role of ROLES) expect(['clinical', 'police', 'none']).toContain(caseViewForRole(role));
    expect(caseViewForRole('police-officer')).toBe('police');
    expect(caseViewForRole('provider')).toBe('none');
    expect(caseViewForRole('pos-staff')).toBe('none');
    expect(caseViewForRole('admin')).toBe('none');
    expect(caseViewForRole('operator')).toBe('clinical');
  });
});
