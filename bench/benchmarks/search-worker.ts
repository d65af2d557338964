import Database from 'better-sqlite3';
import { createSqliteStore } from '@db/sqlite/sqlite-store';
import { decideCreate, evolve } from '@shared/rules/case-lifecycle';
import { parseSearchQuery } from '@shared/rules/search';
import { aContext, aCreateRequest } from '@shared/rules/test-fixtures';
import type { TCaseCard } from '@shared/schemas/case';
import { caseUpdate } from '../lib/case-update';
import { forSecondsAwaited, rawLoop } from '../lib/raw-writes';
import { percentile } from '../lib/stats';
import { tempDb } from '../lib/temp';

/**
 * Search at the size of a large area's years of cards (R-SEARCH): CARDS cards in one area, searched as
 * an operator would (a surname spelt differently, a full name, an NHS number, a date of birth, a phone
 * number, a reference, an address word), against a bare FTS5 query on the same index; and durable card
 * updates that rewrite the index, against the raw write loop of the writes benchmark.
 */
const CARDS = Number(process.env.SEARCH_CARDS ?? 500_000);
const QUERIES = Number(process.env.SEARCH_QUERIES ?? 300);
const WRITE_SECONDS = Number(process.env.SEARCH_WRITE_SECONDS ?? 3);
const AREA = 'bench-area';
const ctx = aContext('operator');

const FIRST = [
  'Jon',
  'John',
  'Sam',
  'Samantha',
  'Priya',
  'Mohammed',
  'Muhammad',
  'Catherine',
  'Kathryn',
  'Aisha',
  'Tom',
  'Thomas',
  'Sean',
  'Shaun',
  'Steven',
  'Stephen',
  'Maria',
  'Mary',
  'Olu',
  'Grace',
  'Kofi',
  'Ewa',
  'Liam',
  'Zara',
];
const LAST = [
  'Smith',
  'Smyth',
  'McKenzie',
  'Mackenzie',
  'Kerr',
  'Carr',
  'Khan',
  'Patel',
  'Jones',
  'Okafor',
  'Nowak',
  "O'Brien",
  'Brown',
  'Braun',
  'Taylor',
  'Tailor',
  'Adeyemi',
  'Hughes',
  'Evans',
  'Wilson',
  'Murphy',
  'Begum',
  'Ali',
  'Clarke',
];
// Real surnames spread thinly (the commonest in England is about 1 in 80 people): the variant pairs above
// plus invented ones from syllables, so a surname matches a few thousand of half a million cards.
const SYLLABLES = [
  'ash',
  'bel',
  'cor',
  'dun',
  'el',
  'far',
  'gil',
  'hal',
  'ing',
  'kel',
  'lor',
  'mar',
  'nor',
  'pen',
  'ros',
  'tal',
  'ver',
  'wyn',
  'bra',
  'cal',
];
const ENDINGS = [
  'by',
  'den',
  'ford',
  'ham',
  'ley',
  'ton',
  'well',
  'wick',
  'worth',
  'more',
  'ridge',
  'stone',
  'field',
  'gate',
  'holm',
  'croft',
  'shaw',
  'dale',
  'wood',
];
const INVENTED = SYLLABLES.flatMap((a) => ENDINGS.map((b) => a[0]!.toUpperCase() + a.slice(1) + b));
const SURNAMES = [...LAST, ...INVENTED];
const STREETS = [
  'Orchard Row',
  'Mill Lane',
  'Tanner Street',
  'Heron Close',
  'Castle Street',
  'Market Square',
  'Weir Road',
];

/** A deterministic pseudo-random sequence, so every run searches the same data. */
function sequence(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

function cardFor(i: number, next: (n: number) => number): TCaseCard {
  const caseId = crypto.randomUUID();
  const dob = `19${String(40 + next(60)).padStart(2, '0')}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`;
  const request = aCreateRequest({
    caller: {
      name: 'Caller',
      relationship: 'self',
      callbackNumber: `07700 ${String(next(1_000_000)).padStart(6, '0')}`,
    },
    person: {
      name: `${FIRST[next(FIRST.length)]} ${SURNAMES[next(SURNAMES.length)]}`,
      age: { kind: 'date-of-birth', date: dob },
      sex: 'not-known',
      ethnicity: 'Z',
      nhsNumber: String(9_000_000_000 + i),
    },
    location: { description: `${1 + next(90)} ${STREETS[next(STREETS.length)]}`, type: 'own-home', coordinates: null },
    summary: 'Bench card',
  });
  const event = {
    ...decideCreate(request, caseId, { ...ctx, areaId: AREA }),
    seq: i,
    caseId,
    version: 1,
    at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    actor: ctx.actor,
    commandId: `c${i}`,
  };
  const card = evolve(null, event);
  return i % 10 === 0 ? card : { ...card, status: 'closed', closedAt: card.createdAt };
}

/** Cards straight into the projection (the store indexes them when it opens, as after an upgrade). */
function seed(path: string): TCaseCard[] {
  void createSqliteStore(path).close();
  const db = new Database(path);
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO cases (id, area_id, status, priority, version, created_at, updated_at, card) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const next = sequence(20261203);
  const samples: TCaseCard[] = [];
  db.transaction(() => {
    for (let i = 0; i < CARDS; i++) {
      const c = cardFor(i, next);
      insert.run(c.id, c.areaId, c.status, c.priority, c.version, c.createdAt, c.updatedAt, JSON.stringify(c));
      if (i % Math.floor(CARDS / 50) === 0) samples.push(c);
    }
  })();
  db.close();
  return samples;
}

/** What operators type, from the seeded cards, and a bare FTS5 expression for the same thing. */
function queries(samples: readonly TCaseCard[]): { typed: string; bare: string }[] {
  const next = sequence(7);
  const out: { typed: string; bare: string }[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const c = samples[next(samples.length)] as TCaseCard;
    const [first, last] = (c.person.name ?? 'x y').split(' ') as [string, string];
    const dob = c.person.age.kind === 'date-of-birth' ? c.person.age.date : '1970-01-01';
    const kinds = [
      { typed: last.replace('Mc', 'Mac').replace('y', 'i'), bare: `name : "${last.toLowerCase().replace("'", '')}"` },
      {
        typed: `${first} ${last}`,
        bare: `name : "${first.toLowerCase()}" AND name : "${last.toLowerCase().replace("'", '')}"`,
      },
      { typed: c.person.nhsNumber ?? '', bare: `nhs_number : "${c.person.nhsNumber ?? ''}"` },
      { typed: `${first} ${dob.split('-').reverse().join('/')}`, bare: `date_of_birth : "d${dob.replace(/-/g, '')}"` },
      {
        typed: c.caller?.callbackNumber ?? '',
        bare: `phone : "${(c.caller?.callbackNumber ?? '').replace(/\s/g, '')}"`,
      },
      { typed: c.ref, bare: `ref : "${c.ref.replace('-', '').toLowerCase()}"` },
    ];
    out.push(kinds[i % kinds.length] as { typed: string; bare: string });
  }
  return out;
}

const path = tempDb('search');
const t0 = performance.now();
const samples = seed(path);
const seededMs = performance.now() - t0;
const t1 = performance.now();
const store = createSqliteStore(path);
const indexMs = performance.now() - t1;
const raw = new Database(path, { readonly: true });
const bare = raw.prepare<[string], { rowid: number }>(
  'SELECT rowid FROM case_search WHERE case_search MATCH ? LIMIT 25',
);

const mix = queries(samples);
const ours: number[] = [];
const baseline: number[] = [];
let found = 0;
for (const [i, q] of [...mix, ...mix].entries()) {
  const isWarm = i >= mix.length;
  const a = performance.now();
  const cards = await store.cases.search(AREA, parseSearchQuery(q.typed), 'clinical', 25);
  const b = performance.now();
  bare.all(q.bare);
  const c = performance.now();
  if (isWarm) {
    ours.push(b - a);
    baseline.push(c - b);
    if (cards.length > 0) found++;
  }
}
raw.close();

// Durable updates as most are (a new situation line: the index row checked and left alone), then updates
// that rewrite a card's index row (a new name each time), both on the full-size database.
const target = samples[1] as TCaseCard;
let version = target.version;
const edits = await forSecondsAwaited(WRITE_SECONDS, (i) =>
  store.cases.execute(caseUpdate(target.id, version++, { summary: `update ${i}` }, ctx)),
);
const writes = await forSecondsAwaited(WRITE_SECONDS, (i) => {
  const name = `${FIRST[i % FIRST.length]} ${SURNAMES[(i * 7) % SURNAMES.length]}`;
  const person = { ...target.person, ethnicity: target.person.ethnicity ?? 'Z', name };
  return store.cases.execute(caseUpdate(target.id, version++, { person }, ctx));
});
const renamed = await store.cases.search(AREA, parseSearchQuery(target.ref), 'clinical', 1);
if (renamed[0]?.version !== version) throw new Error('search did not see the last update');
await store.close();
const rawWrites = rawLoop(
  JSON.stringify(target),
  JSON.stringify({ changes: { person: target.person } }),
  WRITE_SECONDS,
);

process.send?.({
  type: 'result',
  result: {
    cards: CARDS,
    queries: ours.length,
    found,
    oursP95: percentile(ours, 95),
    oursP50: percentile(ours, 50),
    baselineP95: percentile(baseline, 95),
    seededMs,
    indexMs,
    edits,
    writes,
    rawWrites,
  },
});
process.disconnect?.();
