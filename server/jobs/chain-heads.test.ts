import { describe, expect, it } from 'vitest';
import type { TChainHead, TStore } from '@db/repositories';
import type { Logger } from '../logger';
import { createChainHeadLog, headArgument } from './chain-heads';

const hash = (c: string) => c.repeat(64);

/** A store whose heads the test moves, and a logger that keeps the lines written. */
function setUp(heads: TChainHead[]) {
  const lines: { line: Record<string, unknown>; message: string }[] = [];
  const store = { integrity: { heads: () => Promise.resolve(heads.map((h) => ({ ...h }))) } } as unknown as TStore;
  const logger = {
    info: (line: Record<string, unknown>, message: string) => lines.push({ line, message }),
  } as unknown as Logger;
  return { lines, logHeads: createChainHeadLog({ store, logger }) };
}

describe('the audit logs’ heads in the server’s log (R-IG-AUDIT)', () => {
  it('R-IG-AUDIT: each head is logged once at first, then only when it moved, as an --expect argument', async () => {
    const heads: TChainHead[] = [
      { log: 'events', key: 12, hash: hash('a') },
      { log: 'access_log', key: 0, hash: hash('0') },
    ];
    const { lines, logHeads } = setUp(heads);
    await logHeads();
    expect(lines).toEqual([
      {
        message: 'audit chain head',
        line: { audit: 'chain-head', log: 'events', key: 12, hash: hash('a'), expect: `events:12:${hash('a')}` },
      },
      {
        message: 'audit chain head',
        line: {
          audit: 'chain-head',
          log: 'access_log',
          key: 0,
          hash: hash('0'),
          expect: `access_log:0:${hash('0')}`,
        },
      },
    ]);

    lines.length = 0;
    await logHeads();
    expect(lines).toEqual([]);

    heads[1] = { log: 'access_log', key: 3, hash: hash('b') };
    await logHeads();
    expect(lines.map((l) => l.line.expect)).toEqual([`access_log:3:${hash('b')}`]);
  });

  it('R-IG-AUDIT: the argument names the log, the key and the hash', () => {
    expect(headArgument({ log: 'events', key: 7, hash: hash('c') })).toBe(`events:7:${hash('c')}`);
  });
});
