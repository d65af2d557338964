import type { z } from 'zod';
import { StoreUniqueViolation } from '@db/repositories';
import { DomainError, issuesFromZod, type TAck } from '@shared/errors';
import { hasNulCharacter, NUL_REFUSAL } from '@shared/rules/text';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';

/**
 * The common front and back of a person's command on any stream: check the role, refuse text holding
 * U+0000 (R-TEXT-NUL), parse with its zod schema, run, and turn the outcome into a typed ack. The role comes first, so a role that may not run a
 * command learns nothing from it, not even what it expects (R-IG-MIN). A DomainError is the person's to read; anything else
 * is logged and reported without detail. Nothing is written when any step fails.
 */
export async function guardCommand<TSchema extends z.ZodType, TResult>(
  services: TServices,
  user: TUser,
  name: string,
  schema: TSchema,
  isAllowed: boolean,
  payload: unknown,
  run: (input: z.infer<TSchema>) => Promise<TResult>,
): Promise<TAck<TResult>> {
  const started = performance.now();
  const ack = await answer();
  services.metrics.commandDone(name, (performance.now() - started) / 1000, ack.ok ? 'ok' : ack.error.code);
  return ack;

  async function answer(): Promise<TAck<TResult>> {
    try {
      if (!isAllowed) throw new DomainError('FORBIDDEN', `Your role (${user.role}) cannot do this`);
      if (hasNulCharacter(payload)) throw new DomainError('VALIDATION', NUL_REFUSAL);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        throw new DomainError('VALIDATION', 'Some fields need attention', { issues: issuesFromZod(parsed.error) });
      }
      return { ok: true, data: await run(parsed.data) };
    } catch (error) {
      const known = asDomainError(error);
      if (known) return { ok: false, error: known.toJSON() };
      services.logger.error({ err: error, command: name, userId: user.id }, 'command failed');
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; the change was not saved' } };
    }
  }
}

/** A repeated commandId must come from the same person for the same command (SPEC S-4). */
export function assertSameCommand(repeat: { actorId: string; commandName: string }, user: TUser, name: string): void {
  if (repeat.actorId !== user.id || repeat.commandName !== name) {
    throw new DomainError('IDEMPOTENCY_MISMATCH', 'This commandId was already used for a different command');
  }
}

const TAKEN: Record<StoreUniqueViolation['field'], { path: string; message: string }> = {
  username: { path: 'username', message: 'That username is taken' },
  shortCode: { path: 'shortCode', message: 'Another area already uses that short code' },
  id: { path: 'id', message: 'That id is already used; try again' },
};

/**
 * An error the person can act on, as a typed error: a rule's refusal as it is, a value already taken
 * in the store as VALIDATION (or CONFLICT for an id). Anything else is null: logged, reported as INTERNAL.
 */
export function asDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof StoreUniqueViolation) {
    const { path, message } = TAKEN[error.field];
    return new DomainError(error.field === 'id' ? 'CONFLICT' : 'VALIDATION', message, { issues: [{ path, message }] });
  }
  return null;
}
