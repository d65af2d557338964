import { describe, expect, it } from 'vitest';
import { keepNewerItems } from './service-cache';

const unit = (id: string, version: number, status: string) => ({ id, version, status });

describe('list refetches and live changes (SPEC S-10)', () => {
  it('S-10: a list fetched before a change arrived does not take the unit back to its older version', () => {
    const merge = keepNewerItems('units');
    const shown = { units: [unit('st1', 5, 'en-route'), unit('st2', 2, 'available')] };
    const fetched = {
      units: [unit('st1', 4, 'dispatched'), unit('st2', 3, 'unavailable'), unit('amb1', 1, 'available')],
    };
    expect(merge(shown, fetched)).toEqual({
      units: [unit('st1', 5, 'en-route'), unit('st2', 3, 'unavailable'), unit('amb1', 1, 'available')],
    });
  });

  it('S-10: the first fetch is taken as it is', () => {
    const fetched = { services: [unit('elm', 1, 'open')] };
    expect(keepNewerItems('services')(undefined, fetched)).toBe(fetched);
  });
});
