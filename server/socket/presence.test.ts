import { describe, expect, it } from 'vitest';
import { createPresence, REMOTE_PRESENCE_MS } from './presence';

const operator = { id: 'u1', name: 'Olu Adeyemi', role: 'operator' as const };
const officer = { id: 'u2', name: 'PC Dan Hollis', role: 'police-officer' as const };

describe('who views a card, across nodes (R-OPS-CLUSTER)', () => {
  it('merges this node’s viewers with what other nodes last said', () => {
    const presence = createPresence();
    presence.view('socket-1', operator, 'card-1');
    presence.setRemote('node-b', 'card-1', 'area', [officer], 1_000);
    expect(presence.viewersOf('card-1', 2_000)).toEqual([operator, officer]);
    expect(presence.localViewersOf('card-1')).toEqual([operator]);
  });

  it('forgets another node’s viewers it has not repeated in time, and says which cards changed', () => {
    const presence = createPresence();
    presence.setRemote('node-b', 'card-1', 'area', [officer], 1_000);
    expect(presence.expireRemote(1_000 + REMOTE_PRESENCE_MS)).toEqual([]);
    expect(presence.expireRemote(1_001 + REMOTE_PRESENCE_MS)).toEqual([{ caseId: 'card-1', areaId: 'area' }]);
    expect(presence.viewersOf('card-1', 1_001 + REMOTE_PRESENCE_MS)).toEqual([]);
  });

  it('an empty list from a node means nobody there views the card any more', () => {
    const presence = createPresence();
    presence.setRemote('node-b', 'card-1', 'area', [officer], 1_000);
    presence.setRemote('node-b', 'card-1', 'area', [], 2_000);
    expect(presence.viewersOf('card-1', 2_000)).toEqual([]);
  });
});
