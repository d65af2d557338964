import type { z } from 'zod';
import { DomainError, issuesFromZod } from '@shared/errors';

/** A query string (or body) checked against its schema: a VALIDATION error naming the first problem. */
export function parseQuery<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new DomainError('VALIDATION', parsed.error.issues[0]?.message ?? 'Check the query', {
      issues: issuesFromZod(parsed.error),
    });
  return parsed.data;
}
