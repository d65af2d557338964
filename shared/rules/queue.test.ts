import { describe, expect, it } from 'vitest';
import { aCard } from './test-fixtures';
import { sortQueue } from './queue';

describe('operator queue order', () => {
  const at = (iso: string, priority: ReturnType<typeof aCard>['priority'], id: string) => ({
    ...aCard({ priority }),
    id,
    createdAt: iso,
  });

  it('orders by MHSDS priority, then by longest waiting', () => {
    const cards = [
      at('2026-11-23T03:00:00Z', 'routine', 'r'),
      at('2026-11-23T03:10:00Z', 'emergency', 'e-late'),
      at('2026-11-23T03:05:00Z', 'emergency', 'e-early'),
      at('2026-11-23T02:00:00Z', 'urgent', 'u'),
      at('2026-11-23T02:30:00Z', 'very-urgent', 'vu'),
    ];
    expect(sortQueue(cards).map((c) => c.id)).toEqual(['e-early', 'e-late', 'vu', 'u', 'r']);
  });

  it('closed cards leave the queue', () => {
    expect(sortQueue([{ ...aCard(), status: 'closed' }])).toEqual([]);
  });
});
