import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { ZCaseCloseRequest } from '../schemas/case';
import {
  decideAddNote,
  decideClose,
  decideMarkContactLost,
  decideRestoreContact,
  decideTakeOwnership,
  decideUpdate,
  evolve,
} from './case-lifecycle';
import { aCard, aContext, asEvent } from './test-fixtures';

const CMD = '00000000-0000-4000-8000-000000000002';
const apply = (card: ReturnType<typeof aCard>, data: ReturnType<typeof decideClose>, role = aContext()) =>
  evolve(card, asEvent(data, card.id, card.version + 1, role));

function expectRule(fn: () => unknown, code: string, ruleId?: string) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    if (ruleId) expect((error as DomainError).ruleId).toBe(ruleId);
    return;
  }
  throw new Error('expected the rule to refuse');
}

describe('case lifecycle', () => {
  it('a new card is open, unowned, version 1, with a readable reference', () => {
    const card = aCard();
    expect(card).toMatchObject({ status: 'open', owner: null, version: 1, ref: 'C-111111' });
  });

  it('an update records only the fields that really changed', () => {
    const card = aCard();
    const event = decideUpdate(
      card,
      {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: 1,
        changes: { priority: 'emergency', summary: card.summary ?? '' },
      },
      aContext(),
    );
    expect(event).toEqual({ type: 'case.updated', data: { changes: { priority: 'emergency' } } });
    expect(apply(card, event)).toMatchObject({ priority: 'emergency', version: 2 });
  });

  it('an update that changes nothing is refused', () => {
    const card = aCard();
    expectRule(
      () =>
        decideUpdate(
          card,
          { commandId: CMD, caseId: card.id, expectedVersion: 1, changes: { priority: card.priority } },
          aContext(),
        ),
      'RULE_VIOLATION',
    );
  });

  it('R-IG-MIN: police may not change a field withheld from them', () => {
    const card = aCard();
    expectRule(
      () =>
        decideUpdate(
          card,
          { commandId: CMD, caseId: card.id, expectedVersion: 1, changes: { presentingConcerns: 'overwritten' } },
          aContext('police-officer'),
        ),
      'FORBIDDEN',
      'R-IG-MIN',
    );
  });

  it('R-IG-MIN: police may change what they can see (location, risks)', () => {
    const card = aCard();
    const event = decideUpdate(
      card,
      {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: 1,
        changes: { riskFlags: { ...card.riskFlags, toOthers: true } },
      },
      aContext('police-officer'),
    );
    expect(event.type).toBe('case.updated');
  });

  it('R-IG-MIN: police notes are shared with all agencies, never clinical', () => {
    const card = aCard();
    expectRule(
      () =>
        decideAddNote(
          card,
          { commandId: CMD, caseId: card.id, text: 'x', visibility: 'clinical' },
          aContext('police-officer'),
        ),
      'RULE_VIOLATION',
      'R-IG-MIN',
    );
  });

  it('taking ownership names the owner; taking it twice is refused', () => {
    const ctx = aContext('triage-clinician');
    const card = aCard();
    const owned = evolve(card, asEvent(decideTakeOwnership(card, ctx), card.id, 2, ctx));
    expect(owned.owner?.id).toBe(ctx.actor.id);
    expectRule(() => decideTakeOwnership(owned, ctx), 'RULE_VIOLATION');
  });

  it('contact lost is a state with a follow-up, and can be restored', () => {
    const card = aCard();
    const lost = apply(
      card,
      decideMarkContactLost(card, {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: 1,
        followUp: 'call-back',
        note: 'line dropped',
      }),
    );
    expect(lost.status).toBe('contact-lost');
    expect(lost.contactLost).toMatchObject({ followUp: 'call-back', note: 'line dropped' });
    expectRule(
      () =>
        decideMarkContactLost(lost, {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: 2,
          followUp: 'call-back',
          note: '',
        }),
      'RULE_VIOLATION',
    );
    const restored = apply(
      lost,
      decideRestoreContact(lost, { commandId: CMD, caseId: card.id, expectedVersion: 2, note: 'rang back' }),
    );
    expect(restored).toMatchObject({ status: 'open', contactLost: null });
  });

  it('R-NTA-1: a case cannot be closed without an outcome saying where the person went', () => {
    const card = aCard();
    const missing = ZCaseCloseRequest.safeParse({ commandId: CMD, caseId: card.id, expectedVersion: 1 });
    expect(missing.success).toBe(false);
    const vague = ZCaseCloseRequest.safeParse({
      commandId: CMD,
      caseId: card.id,
      expectedVersion: 1,
      outcome: { kind: 'stayed-home-with-safety-plan', destinationOrSafetyNet: ' ' },
    });
    expect(vague.success).toBe(false);
    expectRule(
      () =>
        decideClose(card, {
          commandId: CMD,
          caseId: card.id,
          expectedVersion: 1,
          outcome: { kind: 'stayed-home-with-safety-plan', destinationOrSafetyNet: 'ok' },
        }),
      'RULE_VIOLATION',
      'R-NTA-1',
    );
  });

  it('R-NTA-1: closing with an outcome records it and ends the card', () => {
    const card = aCard();
    const outcome = {
      kind: 'crisis-alternative' as const,
      destinationOrSafetyNet: 'Walked to Harbour Lights crisis café with sister',
    };
    const closed = apply(card, decideClose(card, { commandId: CMD, caseId: card.id, expectedVersion: 1, outcome }));
    expect(closed).toMatchObject({ status: 'closed', outcome });
    expect(closed.closedAt).not.toBeNull();
  });

  it('R-NTA-1: a card with contact lost closes only once the welfare action is recorded', () => {
    const card = aCard();
    const lost = apply(
      card,
      decideMarkContactLost(card, {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: 1,
        followUp: 'welfare-check-police',
        note: '',
      }),
    );
    const req = (kind: 'stayed-home-with-safety-plan' | 'no-contact-welfare-done') => ({
      commandId: CMD,
      caseId: card.id,
      expectedVersion: 2,
      outcome: { kind, destinationOrSafetyNet: 'Police welfare check: safe at home with partner' },
    });
    expectRule(() => decideClose(lost, req('stayed-home-with-safety-plan')), 'RULE_VIOLATION', 'R-NTA-1');
    expect(decideClose(lost, req('no-contact-welfare-done')).type).toBe('case.closed');
  });

  it('a closed card can no longer be changed', () => {
    const card = aCard();
    const closed = apply(
      card,
      decideClose(card, {
        commandId: CMD,
        caseId: card.id,
        expectedVersion: 1,
        outcome: { kind: 'admitted', destinationOrSafetyNet: 'Informal admission, Ward 3' },
      }),
    );
    expectRule(
      () =>
        decideAddNote(closed, { commandId: CMD, caseId: card.id, text: 'late', visibility: 'clinical' }, aContext()),
      'RULE_VIOLATION',
    );
    expectRule(() => decideTakeOwnership(closed, aContext('amhp')), 'RULE_VIOLATION');
  });
});
