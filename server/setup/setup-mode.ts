import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainError } from '@shared/errors';
import { decideCreateArea, decideCreateOrganisation, decideCreateUser } from '@shared/rules/account-lifecycle';
import type { TAccount, TArea, TOrganisation, TSetupRequest } from '@shared/schemas/account';
import type { TSessionState } from '@shared/schemas/user';
import { assertPasswordAcceptable, sessionState, type TClientMeta } from '../auth/login-flow';
import { personalWords } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { commitStreams } from '../commands/commit-streams';
import { areaWrite, organisationWrite, userWrite } from '../commands/admin/stream-writes';
import type { TServices } from '../services';

/** The setup token is written beside the database, readable only by the server's own user. */
export function setupTokenPath(databasePath: string): string {
  return join(dirname(databasePath), 'setup-token');
}

/** Starts setup mode: a new one-time token, in memory and in the file. Returns the token. */
export function beginSetup(services: TServices): string {
  const token = randomBytes(24).toString('base64url');
  services.instance.mode = 'setup';
  services.instance.setupToken = token;
  if (services.config.databasePath !== ':memory:') {
    // A file left from an earlier start is removed first, so the new one is created with 0600 (a mode
    // applies only to a file being created) and nothing it linked to is written through.
    const path = setupTokenPath(services.config.databasePath);
    // On PostgreSQL the SQLite file's folder may never have been made: the token still goes there.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    rmSync(path, { force: true });
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  }
  return token;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function isSetupToken(services: TServices, token: string): boolean {
  const expected = services.instance.setupToken;
  return expected !== null && timingSafeEqual(digest(token), digest(expected));
}

/**
 * Creates the area, its first organisation and its first administrator in one transaction, ends setup
 * mode (the token is spent and its file removed) and logs the administrator in — at the MFA enrolment
 * step, which they must finish before doing anything else.
 */
export async function completeSetup(
  services: TServices,
  input: TSetupRequest,
  meta: TClientMeta,
): Promise<{ token: string; expiresAt: Date; state: TSessionState }> {
  if (services.instance.mode !== 'setup') {
    throw new DomainError('FORBIDDEN', 'This Concordat is already set up. Log in instead.');
  }
  if (!isSetupToken(services, input.token)) {
    throw new DomainError(
      'FORBIDDEN',
      'This setup link is not valid. Use the link the server printed when it started (also in the setup-token file beside the database).',
    );
  }
  // Claim the token before the first await, so two requests (a double click, a retried request) cannot
  // both set up an area; it comes back if this one fails.
  const claimed = services.instance.setupToken;
  services.instance.setupToken = null;
  try {
    return await setUp(services, input, meta);
  } catch (error) {
    if (services.instance.mode === 'setup') services.instance.setupToken = claimed;
    throw error;
  }
}

async function setUp(
  services: TServices,
  input: TSetupRequest,
  meta: TClientMeta,
): Promise<{ token: string; expiresAt: Date; state: TSessionState }> {
  const counts = await services.store.accounts.counts();
  if (counts.real + counts.demo > 0) {
    throw new DomainError('FORBIDDEN', 'This Concordat is already set up. Log in instead.');
  }
  await assertPasswordAcceptable(
    input.password,
    personalWords(
      { username: input.username, displayName: input.displayName },
      { name: input.areaName, shortCode: input.areaCode },
    ),
    'password',
  );
  const passwordHash = await hashPassword(input.password);
  const ids = { area: randomUUID(), organisation: randomUUID(), user: randomUUID() };
  const commandId = randomUUID();
  const actor = { id: ids.user, name: input.displayName, role: 'admin' as const };
  const by = { actor, commandId, at: services.now().toISOString() };
  const ctx = { areaId: ids.area };
  await commitStreams(
    services,
    { name: 'setup:complete', commandId, actorId: ids.user },
    {
      streams: [
        { kind: 'area', id: ids.area },
        { kind: 'organisation', id: ids.organisation },
        { kind: 'user', id: ids.user },
      ],
      decide: ({ read }) => {
        const reason = 'First run: set up the area';
        const area = areaWrite(
          ids.area,
          read({ kind: 'area', id: ids.area }),
          [decideCreateArea(null, { name: input.areaName, shortCode: input.areaCode, isDemo: false, reason })],
          by,
        );
        const organisation = organisationWrite(
          ids.organisation,
          null,
          [
            decideCreateOrganisation(
              null,
              { name: input.organisationName, kind: input.organisationKind, reason },
              [],
              ctx,
            ),
          ],
          by,
        );
        const user = userWrite(
          ids.user,
          null,
          [
            decideCreateUser(
              null,
              {
                username: input.username,
                displayName: input.displayName,
                role: 'admin',
                organisationId: ids.organisation,
                contact: { phone: '', email: '' },
                reason,
              },
              {
                area: area.state as TArea,
                organisation: organisation.state as TOrganisation,
                mustChangePassword: false,
              },
              ctx,
            ),
          ],
          by,
        );
        return { writes: [area, organisation, user], credentials: [{ userId: ids.user, passwordHash }] };
      },
    },
  );
  services.instance.mode = 'live';
  services.instance.setupToken = null;
  if (services.config.databasePath !== ':memory:') {
    rmSync(setupTokenPath(services.config.databasePath), { force: true });
  }
  const account = (await services.store.accounts.get(ids.user)) as TAccount;
  const { token, expiresAt } = await services.sessions.create(account, 'enrol-mfa', meta);
  const resolved = await services.sessions.resolve(token);
  if (!resolved) throw new Error('The new session could not be read back');
  services.logger.info({ event: 'setup-complete', areaId: ids.area }, 'setup complete');
  return { token, expiresAt, state: await sessionState(services, resolved) };
}
