import { useState } from 'react';
import { issuesFromZod, type TAppError } from '@shared/errors';
import { useSocket } from '../socket/socket-provider';
import { OUTBOX_SCHEMAS, type TOutboxCommand, type TOutboxInput } from './outbox-rules';

/**
 * A crew's change, kept on the device first and sent when there is signal. Bad input is refused here,
 * before it is kept, so the outbox only ever holds commands the server could accept.
 * `submit` resolves true once the change is safely stored.
 */
export function useOutboxCommand() {
  const { submitToOutbox } = useSocket();
  const [error, setError] = useState<TAppError | null>(null);
  const [isStoring, setIsStoring] = useState(false);

  async function submit<C extends TOutboxCommand>(
    name: C,
    payload: Omit<TOutboxInput<C>, 'commandId'>,
  ): Promise<boolean> {
    setError(null);
    const parsed = OUTBOX_SCHEMAS[name].safeParse({ ...payload, commandId: crypto.randomUUID() });
    if (!parsed.success) {
      setError({ code: 'VALIDATION', message: 'Some fields need attention', issues: issuesFromZod(parsed.error) });
      return false;
    }
    setIsStoring(true);
    try {
      const refused = await submitToOutbox(name, parsed.data as TOutboxInput<C>);
      setError(refused);
      return refused === null;
    } finally {
      setIsStoring(false);
    }
  }
  return { submit, error, isStoring };
}
