import Database from 'better-sqlite3';
import { createSqliteStore } from '@db/sqlite/sqlite-store';
import type { TCaseEventData } from '@shared/rules/case-events';
import { decideCreate, evolve } from '@shared/rules/case-lifecycle';
import { decideArrival, decideDetain, decidePlaceOfSafety, dueAlerts } from '@shared/rules/detention';
import { consecutiveDetentionAlerts } from '@shared/rules/consecutive-detention';
import { aContext, aCreateRequest } from '@shared/rules/test-fixtures';
import type { TCaseCard } from '@shared/schemas/case';
import { percentile } from '../lib/stats';
import { tempDb } from '../lib/temp';

const DETENTIONS = Number(process.env.ALERTS_DETENTIONS ?? 1000);
const PASSES = 30;
const ctx = aContext('police-officer');
const now = new Date();
const iso = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();

/** Seeds running detentions through the real store, each a card with its events and projection. */
async function seed(path: string): Promise<void> {
  const store = createSqliteStore(path);
  for (let i = 0; i < DETENTIONS; i++) {
    const caseId = crypto.randomUUID();
    const steps: ((card: TCaseCard | null) => TCaseEventData[])[] = [
      () => [
        decideCreate(
          aCreateRequest({ person: { ...aCreateRequest().person, nhsNumber: null, name: `Person ${i}` } }),
          caseId,
          ctx,
        ),
      ],
      (c) => [
        decideDetain(
          c!,
          {
            commandId: 'x',
            caseId,
            expectedVersion: 1,
            power: 's136',
            officer: { name: 'PC', collarNumber: '1' },
            decidedAt: iso(30),
            place: 'public-place',
            consultation: { kind: 'not-practicable', reason: 'bench detention' },
            keptAtPlaceOfSafety: false,
          },
          now,
        ),
      ],
      (c) =>
        decidePlaceOfSafety(
          c!,
          {
            commandId: 'x',
            caseId,
            expectedVersion: 2,
            kind: 'health-based-suite',
            name: 'Suite',
            transport: { mode: 'ambulance' },
            policeStation: null,
            ageStatement: null,
          },
          now,
        ),
      (c) => [
        decideArrival(
          c!,
          { commandId: 'x', caseId, expectedVersion: 3, arrivedOnSiteAt: iso(10), enteredAt: null },
          now,
        ),
      ],
    ];
    for (const step of steps) {
      const commandId = crypto.randomUUID();
      await store.cases.execute({
        commandId,
        commandName: 'bench',
        actorId: ctx.actor.id,
        caseId,
        decide: (card) => {
          const events = step(card).map((d, k) => ({
            ...d,
            caseId,
            version: (card?.version ?? 0) + k + 1,
            at: now.toISOString(),
            actor: ctx.actor,
            commandId,
          }));
          return {
            events,
            card: events.reduce<TCaseCard | null>((c, e) => evolve(c, { ...e, seq: 0 }), card)!,
          };
        },
      });
    }
  }
  await store.close();
}

const path = tempDb('alerts');
await seed(path);

// What the alerts job does on a pass when nothing new is due: read running and recently ended detentions, check every threshold.
const store = createSqliteStore(path);
const ours: number[] = [];
for (let p = 0; p < PASSES; p++) {
  const t0 = performance.now();
  const ended = await store.cases.listDetentionsEndedSince(iso(72 * 60 * 2));
  let due = 0;
  for (const card of await store.cases.listWithRunningDetention())
    due += dueAlerts(card, now).length + consecutiveDetentionAlerts(card, ended).length;
  ours.push(performance.now() - t0);
  if (due !== 0) throw new Error(`expected a quiet pass, ${due} alerts due`);
}
await store.close();

// The baseline: the same rows by the same query, parsed, and nothing else.
const db = new Database(path, { readonly: true });
const running = db.prepare(
  "SELECT card FROM cases WHERE status != 'closed' AND json_extract(card, '$.detention') IS NOT NULL AND json_extract(card, '$.detention.outcome') IS NULL",
);
const baseline: number[] = [];
for (let p = 0; p < PASSES; p++) {
  const t0 = performance.now();
  const rows = running.all() as { card: string }[];
  for (const r of rows) JSON.parse(r.card);
  baseline.push(performance.now() - t0);
}
db.close();
process.send?.({
  type: 'result',
  result: { ours: percentile(ours, 95), baseline: percentile(baseline, 95), detentions: DETENTIONS },
});
process.disconnect?.();
