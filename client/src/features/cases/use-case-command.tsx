import { RuleHelp } from '../../components/rule-help';
import { fieldLabel } from '../../lib/field-label';
import { useState } from 'react';
import type { TAppError } from '@shared/errors';
import type { TCommandPayload } from '@shared/protocol';
import type { TCaseCommand } from '@shared/rules/permissions';
import type { TCommandResult } from '@shared/schemas/case';
import { useSocket } from '../../socket/socket-provider';

type TWithoutId<C extends TCaseCommand> = Omit<TCommandPayload<C>, 'commandId'>;

/**
 * Sends a case command with a fresh commandId and keeps its error for the form to show.
 * Returns the result, or null when the server refused it.
 */
export function useCaseCommand() {
  const { sendCommand } = useSocket();
  const [error, setError] = useState<TAppError | null>(null);
  const [isSending, setIsSending] = useState(false);

  async function run<C extends TCaseCommand>(name: C, payload: TWithoutId<C>): Promise<TCommandResult | null> {
    setIsSending(true);
    setError(null);
    try {
      const ack = await sendCommand(name, { ...payload, commandId: crypto.randomUUID() } as TCommandPayload<C>);
      if (ack.ok) return ack.data;
      setError(ack.error);
      return null;
    } finally {
      setIsSending(false);
    }
  }
  return { run, error, clearError: () => setError(null), isSending };
}

export function ErrorMessage({ error }: { error: TAppError | null }) {
  if (!error || error.code === 'CONFLICT') return null;
  return (
    <div className="field-error" role="alert">
      {error.message}
      {error.ruleId && (
        <>
          {' '}
          <RuleHelp id={error.ruleId} />
        </>
      )}
      {error.issues && (
        <ul>
          {error.issues.map((i) => (
            <li key={i.path + i.message}>
              {i.path ? `${fieldLabel(i.path)}: ` : ''}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
