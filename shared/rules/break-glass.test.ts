import { describe, expect, it } from 'vitest';
import { INFORMATION_SHARING_POLICY } from '../config/information-sharing';
import { cardViewFor, decideBreakGlass } from './break-glass';
import { evolve } from './case-lifecycle';
import { aCard, aContext, asEvent } from './test-fixtures';

const NOW = new Date('2026-12-02T02:00:00.000Z');
const MINUTES = INFORMATION_SHARING_POLICY.breakGlass.minutes;

describe('break-glass (R-IG-BREAKGLASS)', () => {
  const officer = { ...aContext('police-officer', 'pc-1'), now: NOW, newId: () => 'use-1' };
  const card = aCard();
  const opened = decideBreakGlass(
    card,
    { commandId: 'x', caseId: card.id, reason: 'Barricaded; need history' },
    officer,
  );
  const withUse = opened.reduce((c, e, i) => evolve(c, asEvent(e, card.id, c.version + 1 + i, officer)), card);

  it('R-IG-BREAKGLASS: opening records the use with its end, and raises an alert for the duty manager', () => {
    expect(opened.map((e) => e.type)).toEqual(['case.break-glass-opened', 'case.alert-raised']);
    expect(opened[0]).toMatchObject({
      data: { useId: 'use-1', until: new Date(NOW.getTime() + MINUTES * 60_000).toISOString() },
    });
    expect(opened[1]).toMatchObject({ data: { kind: 'break-glass' } });
  });

  it('R-IG-BREAKGLASS: the officer who opened it sees the clinical view until it ends; nobody else does', () => {
    const pc1 = { id: 'pc-1', role: 'police-officer' as const };
    expect(cardViewFor(pc1, card, NOW)).toBe('police');
    expect(cardViewFor(pc1, withUse, NOW)).toBe('clinical');
    expect(cardViewFor({ id: 'pc-2', role: 'police-officer' }, withUse, NOW)).toBe('police');
    const after = new Date(NOW.getTime() + MINUTES * 60_000 + 1);
    expect(cardViewFor(pc1, withUse, after)).toBe('police');
    expect(cardViewFor({ id: 'x', role: 'provider' }, withUse, NOW)).toBe('none');
  });
});
