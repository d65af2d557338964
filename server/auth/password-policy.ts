import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_MIN_LENGTH } from '@shared/schemas/user';

/** zxcvbn scores 0–4; 3 is "safely unguessable: moderate protection from offline attack". */
const MIN_SCORE = 3;

let estimator: Promise<ZxcvbnFactory> | null = null;

/**
 * The strength estimator with its common-password and English dictionaries (about 50 MB of heap and
 * 0.4 s to load), loaded the first time a password is set rather than at every start.
 */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      translations: en.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary },
    });
  })();
  return estimator;
}

/**
 * Why a new password is refused, in words a person can act on, or null when it is strong enough: at
 * least 12 characters, and not guessable from common and breached-password lists, dictionary words,
 * keyboard patterns or the person's own details (`personal`: username, name, area).
 */
export async function passwordProblem(password: string, personal: readonly string[]): Promise<string | null> {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  // Each detail whole ("northvale") and word by word ("north", "vale").
  const inputs = personal
    .flatMap((p) => [p.toLowerCase().replace(/[^a-z0-9]+/g, ''), ...p.toLowerCase().split(/[^a-z0-9]+/)])
    .filter((p) => p.length >= 3);
  const result = (await loadEstimator()).check(password, [...inputs, 'concordat', 'crisis', 'password']);
  if (result.score >= MIN_SCORE) return null;
  const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return `This password is too easy to guess.${hint ? ` ${hint}` : ''} Try three or four unrelated words.`;
}

/** The details of a person that make a password guessable for them: who they are and where they work. */
export function personalWords(
  person: { username: string; displayName: string },
  area: { name: string; shortCode: string } | null,
): string[] {
  return [person.username, person.displayName, area?.name ?? '', area?.shortCode ?? ''];
}
