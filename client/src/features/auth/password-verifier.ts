/**
 * A way to unlock a tablet that has locked while out of signal, without the server. When the person
 * types their password (login, unlock, change), a PBKDF2 verifier of it is kept in this page's memory
 * only — never stored, gone when the page closes. The server still checks the session when the signal
 * returns, and locks it again if it locked it meanwhile. Needs WebCrypto (HTTPS or this machine).
 */
let verifier: { salt: Uint8Array; hash: string } | null = null;
const ITERATIONS = 210_000;

async function derive(password: string, salt: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: ITERATIONS },
    key,
    256,
  );
  return btoa(String.fromCharCode(...new Uint8Array(bits)));
}

const canVerify = (): boolean => typeof crypto !== 'undefined' && crypto.subtle !== undefined;

export async function rememberPassword(password: string): Promise<void> {
  if (!canVerify()) return;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  verifier = { salt, hash: await derive(password, salt) };
}

/** True when the password matches the one last typed on this page; false when it does not or cannot tell. */
export async function matchesRememberedPassword(password: string): Promise<boolean> {
  if (!verifier || !canVerify()) return false;
  return (await derive(password, verifier.salt)) === verifier.hash;
}

export function forgetPassword(): void {
  verifier = null;
}
