import type { TUnitCommand, TUnitCommandInput } from '@shared/protocol';
import { useAckState } from '../../lib/use-ack-state';
import { useSocket } from '../../socket/socket-provider';

/** Sends a unit command with a fresh commandId and keeps its error to show. */
export function useUnitCommand() {
  const { sendUnitCommand } = useSocket();
  const { track, error, isSending, clearError } = useAckState();
  const run = <C extends TUnitCommand>(name: C, payload: Omit<TUnitCommandInput<C>, 'commandId'>) =>
    track(() => sendUnitCommand(name, { ...payload, commandId: crypto.randomUUID() } as TUnitCommandInput<C>));
  return { run, error, isSending, clearError };
}
