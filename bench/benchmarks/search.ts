import { runWorker } from '../lib/processes';
import { round, type TBenchResult } from '../lib/stats';

interface TSearchRun {
  cards: number;
  queries: number;
  found: number;
  oursP95: number;
  oursP50: number;
  baselineP95: number;
  seededMs: number;
  indexMs: number;
  edits: number;
  writes: number;
  rawWrites: number;
}

/**
 * Search over a large area's cards (R-SEARCH): query p95 through the store (redaction-aware expression,
 * sound-alike names, area filter, ranking) against a bare FTS5 query on the same index; and durable
 * updates with the index kept in step against the raw write loop.
 */
export async function runSearch(): Promise<TBenchResult[]> {
  const r = await runWorker<TSearchRun>('bench/benchmarks/search-worker.ts');
  const details = {
    cards: r.cards,
    queries: r.queries,
    found: r.found,
    oursP50Ms: round(r.oursP50),
    seedSeconds: round(r.seededMs / 1000, 1),
    indexBuildSeconds: round(r.indexMs / 1000, 1),
  };
  return [
    {
      name: 'search',
      what: `a search typed by an operator over ${r.cards.toLocaleString('en-GB')} cards (names by sound, NHS number, date of birth, phone, reference), ranked`,
      figure: round(r.oursP95),
      unit: 'ms p95',
      baseline: round(r.baselineP95),
      ratio: round(r.oursP95 / r.baselineP95),
      target: 'p95 ≤ 50 ms',
      meetsTarget: r.oursP95 <= 50,
      details,
    },
    {
      name: 'search-writes',
      what: 'durable case updates with the search index kept in step (a new situation line, as most updates: the card’s search row checked and left alone), on the same database',
      figure: Math.round(r.edits),
      unit: 'updates/s',
      baseline: Math.round(r.rawWrites),
      ratio: round(r.edits / r.rawWrites),
      target: '≥ 0.6× the raw write loop',
      meetsTarget: r.edits / r.rawWrites >= 0.6,
      details: {},
    },
    {
      name: 'search-renames',
      what: 'durable case updates that each rename the person, so the card’s search row and facts are rewritten every time (the worst case), on the same database',
      figure: Math.round(r.writes),
      unit: 'updates/s',
      baseline: Math.round(r.rawWrites),
      ratio: round(r.writes / r.rawWrites),
      target: 'reported (a rename is a rare update)',
      meetsTarget: null,
      details: {},
    },
  ];
}
