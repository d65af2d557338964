import { createSqliteStore } from '@db/sqlite/sqlite-store';
import { decideCreate, evolve } from '@shared/rules/case-lifecycle';
import { aContext, aCreateRequest } from '@shared/rules/test-fixtures';
import type { TCaseCard } from '@shared/schemas/case';
import { caseUpdate, createOneCard } from '../lib/case-update';
import { forSecondsAwaited, rawLoop } from '../lib/raw-writes';
import { tempDb } from '../lib/temp';

const SECONDS = Number(process.env.WRITES_SECONDS ?? 3);
const ctx = aContext('operator');

/** Durable updates through the store layer: idempotency check, load, version check, decide, evolve, append, project. */
async function storeLayer(): Promise<number> {
  const store = createSqliteStore(tempDb('writes'));
  const caseId = await createOneCard(store, ctx);
  let version = 1;
  const rate = await forSecondsAwaited(SECONDS, (i) =>
    store.cases.execute(caseUpdate(caseId, version++, { summary: `update ${i}` }, ctx)),
  );
  await store.close();
  return rate;
}

const sampleCard: TCaseCard = evolve(null, {
  ...decideCreate(aCreateRequest(), crypto.randomUUID(), ctx),
  seq: 1,
  caseId: 'x',
  version: 1,
  at: new Date().toISOString(),
  actor: ctx.actor,
  commandId: 'c',
});
const baseline = rawLoop(JSON.stringify(sampleCard), JSON.stringify({ changes: { summary: 'update 1' } }), SECONDS);
const ours = await storeLayer();
process.send?.({ type: 'result', result: { ours, baseline } });
process.disconnect?.();
