import type { TAck } from '@shared/errors';
import type { TCommandResult } from '@shared/schemas/case';
import { commandId, expectJson, newCard, type serversOnAClock, type TTestServer } from './test-support';

/** The data of a command's answer, failing the test with the server's words when it was refused. */
export const ok = (ack: TAck<TCommandResult>): TCommandResult => {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
};

/** Every entry of the access log for one card, as user, action and source, once the batch is written. */
export async function logOf(server: TTestServer, caseId: string) {
  await server.app.services.disclosures.flush();
  const accounts = await server.app.services.store.accounts.list('kestrel-vale');
  const username = new Map(accounts.map((a) => [a.id, a.username]));
  return (await server.app.services.store.accessLog.forCase(caseId)).map((e) => ({
    user: username.get(e.userId) ?? e.userId,
    action: e.action,
    source: e.source,
  }));
}

/** A server with some history: a card created and changed by the operator, and opened by them. */
export async function serverWithHistory(
  servers: ReturnType<typeof serversOnAClock>,
  clock: { now: number },
  databasePath?: string,
) {
  const server = await servers.at(clock, databasePath);
  const operator = await server.consoleAs('operator');
  const created = ok(await operator.socket.emitWithAck('case:create', newCard()));
  const updated = ok(
    await operator.socket.emitWithAck('case:update', {
      commandId: commandId(),
      caseId: created.card.id,
      expectedVersion: 1,
      changes: { priority: 'emergency' },
    }),
  );
  await expectJson(await server.http(operator.cookie, `/cases/${created.card.id}`));
  await server.app.services.disclosures.flush();
  return { server, operator, card: updated.card };
}
