import { issuesFromZod, type TAck } from '@shared/errors';
import { useAckState } from '../lib/use-ack-state';
import { useSocket } from '../socket/socket-provider';
import { OUTBOX_SCHEMAS, type TOutboxCommand, type TOutboxInput } from './outbox-rules';

/**
 * A crew's change, kept on the device first and sent when there is signal. Bad input is refused here,
 * before it is kept, so the outbox only ever holds commands the server could accept.
 * `submit` resolves true once the change is safely stored.
 */
export function useOutboxCommand() {
  const { submitToOutbox } = useSocket();
  const { track, error, isSending } = useAckState();

  async function submit<C extends TOutboxCommand>(
    name: C,
    payload: Omit<TOutboxInput<C>, 'commandId'>,
  ): Promise<boolean> {
    const stored = await track(async (): Promise<TAck<true>> => {
      const parsed = OUTBOX_SCHEMAS[name].safeParse({ ...payload, commandId: crypto.randomUUID() });
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'VALIDATION', message: 'Some fields need attention', issues: issuesFromZod(parsed.error) },
        };
      }
      const refused = await submitToOutbox(name, parsed.data as TOutboxInput<C>);
      return refused ? { ok: false, error: refused } : { ok: true, data: true };
    });
    return stored === true;
  }
  return { submit, error, isStoring: isSending };
}
