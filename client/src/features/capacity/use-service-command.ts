import type { TServiceCommand, TServiceCommandInput } from '@shared/protocol';
import { useAckState } from '../../lib/use-ack-state';
import { useSocket } from '../../socket/socket-provider';

/** Sends a service or hold command with a fresh commandId and keeps its error to show. */
export function useServiceCommand() {
  const { sendServiceCommand } = useSocket();
  const { track, error, isSending, clearError } = useAckState();
  const run = <C extends TServiceCommand>(name: C, payload: Omit<TServiceCommandInput<C>, 'commandId'>) =>
    track(() => sendServiceCommand(name, { ...payload, commandId: crypto.randomUUID() } as TServiceCommandInput<C>));
  return { run, error, isSending, clearError };
}
