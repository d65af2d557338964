import type { TAck, TAppError } from '@shared/errors';
import type { TOutboxCommandName, TOutboxReplayRequest, TOutboxReplayResponse } from '@shared/protocol';
import type { TCommandResult } from '@shared/schemas/case';
import type { TServiceCommandResult } from '@shared/schemas/service';
import type { TUnitCommandResult } from '@shared/schemas/unit';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';
import { runCommand } from './run-command';

type TEntry = TOutboxReplayRequest['entries'][number];

/** The unit, card or service an entry changes: its changes keep their order and their versions chain. */
function streamOf(entry: TEntry): string {
  if (entry.name.startsWith('unit:')) return `unit:${String(entry.payload.unitId)}`;
  if (entry.name.startsWith('hold:')) return `service:${String(entry.payload.serviceId)}`;
  return `case:${String(entry.payload.caseId)}`;
}

type TResult = TCommandResult | TUnitCommandResult | TServiceCommandResult;

const versionOf = (result: TResult): number =>
  'unit' in result ? result.unit.version : 'service' in result ? result.service.version : result.card.version;

/**
 * A tablet's kept changes in one round trip (SPEC S-30), each through the one command path as if sent
 * alone, in the order the crew made them. A change made after an earlier one to the same stream is based
 * on that one's result: its expected version is the version that one produced. After a refusal, later
 * changes to that stream are not tried (the crew decide them); a refusal by the rate limit stops the
 * rest, which the tablet sends again later. Each answer is the same as a single command's; a change the
 * server already had (a lost answer) is not chained on.
 */
export async function replayOutbox(
  entries: readonly TEntry[],
  takeToken: (command: string) => TAppError | null,
  run: (name: TOutboxCommandName, payload: unknown) => Promise<TAck<TResult>>,
  /** The log's head when the replay began: an answer at or below it is a repeat of an earlier send. */
  startSeq = 0,
): Promise<TOutboxReplayResponse> {
  const results: TOutboxReplayResponse['results'] = [];
  const refused = new Set<string>();
  const versions = new Map<string, number>();
  let isLimited = false;
  for (const entry of entries) {
    const stream = streamOf(entry);
    if (isLimited || refused.has(stream)) {
      results.push(null);
      continue;
    }
    const limited = takeToken(entry.name);
    if (limited) {
      results.push({ ok: false, error: limited });
      isLimited = true;
      continue;
    }
    const based = versions.get(stream);
    const payload =
      entry.followsPrevious && based !== undefined && 'expectedVersion' in entry.payload
        ? { ...entry.payload, expectedVersion: based }
        : entry.payload;
    const ack = await run(entry.name, payload);
    results.push(ack);
    if (!ack.ok) refused.add(stream);
    // Chained only on a change applied now: a repeat answers with the stream as it is now, which may
    // include someone else's change since — the next one must then meet it as a conflict.
    else if (ack.data.seq > startSeq) versions.set(stream, versionOf(ack.data));
    else versions.delete(stream);
  }
  return { results };
}

/** The socket's `outbox:replay`: each change through the one command path as this person. */
export function replayForUser(services: TServices, user: TUser) {
  return (name: TOutboxCommandName, payload: unknown): Promise<TAck<TResult>> =>
    runCommand<TOutboxCommandName>(services, user, name, payload);
}
