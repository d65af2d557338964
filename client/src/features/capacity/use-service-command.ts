import { useState } from 'react';
import type { TAppError } from '@shared/errors';
import type { TServiceCommand, TServiceCommandInput } from '@shared/protocol';
import type { TServiceCommandResult } from '@shared/schemas/service';
import { useSocket } from '../../socket/socket-provider';

type TWithoutId<C extends TServiceCommand> = Omit<TServiceCommandInput<C>, 'commandId'>;

/** Sends a service or hold command with a fresh commandId and keeps its error to show. */
export function useServiceCommand() {
  const { sendServiceCommand } = useSocket();
  const [error, setError] = useState<TAppError | null>(null);
  const [isSending, setIsSending] = useState(false);

  async function run<C extends TServiceCommand>(
    name: C,
    payload: TWithoutId<C>,
  ): Promise<TServiceCommandResult | null> {
    setIsSending(true);
    setError(null);
    try {
      const ack = await sendServiceCommand(name, {
        ...payload,
        commandId: crypto.randomUUID(),
      } as TServiceCommandInput<C>);
      if (ack.ok) return ack.data;
      setError(ack.error);
      return null;
    } finally {
      setIsSending(false);
    }
  }
  return { run, error, clearError: () => setError(null), isSending };
}
