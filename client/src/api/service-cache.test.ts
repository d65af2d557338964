import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { TUnit } from '@shared/schemas/unit';
import { queryKeys } from './query-keys';
import { applyUnitChange, keepNewerItems } from './service-cache';

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

  it('S-10: a change that arrives while the list is still loading for the first time is not lost to that load', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const st1 = (version: number, status: string) => ({ ...unit('st1', version, status), callSign: 'ST1' });
    // The server's units; each fetch reads them when it starts and answers when the test says so.
    let onServer = st1(4, 'dispatched');
    const answers: (() => void)[] = [];
    const observer = new QueryObserver(queryClient, {
      queryKey: queryKeys.units(),
      queryFn: () => {
        const read = { units: [onServer] };
        return new Promise((resolve) => answers.push(() => resolve(read)));
      },
      structuralSharing: keepNewerItems('units'),
    });
    // A reopened tablet opens My unit: the first fetch starts.
    const unsubscribe = observer.subscribe(() => undefined);
    expect(answers).toHaveLength(1);

    // Its kept "en route" is applied on the server, and the answer arrives before the list has.
    onServer = st1(5, 'en-route');
    applyUnitChange(queryClient, onServer as unknown as TUnit);

    await vi.waitFor(() => {
      for (const answer of answers.splice(0)) answer();
      expect(queryClient.getQueryData(queryKeys.units())).toEqual({ units: [st1(5, 'en-route')] });
    });
    unsubscribe();
    queryClient.clear();
  });
});
