import { effectiveSessionStage } from '@shared/rules/account-lifecycle';
import type { TServices } from '../services';
import { connectedSessions, type TIoServer } from './index';

/** How often the consoles' sessions are checked: an ended session's consoles close within this. */
export const SESSION_WATCH_MS = 1_000;

/**
 * Closes the consoles of every session that has ended or locked since they connected: expired (the end
 * of the shift), locked after being idle, its account disabled, or ended by another process (the
 * administration command line). Logout, an administrator's revocation and disabling close them at once
 * already; this is what makes the rest take at most a second. One indexed query over the sessions that
 * have a console here, run every second, and nothing else: idle consoles cost no writes.
 */
export async function closeEndedConsoles(services: TServices, io: TIoServer): Promise<void> {
  const connected = connectedSessions(io);
  if (connected.length === 0) return;
  const rows = new Map((await services.store.sessions.withAccountState(connected)).map((r) => [r.tokenHash, r]));
  const at = services.now();
  const ended: string[] = [];
  const expired: string[] = [];
  const locked: string[] = [];
  for (const hash of connected) {
    const row = rows.get(hash);
    if (!row) {
      ended.push(hash);
      continue;
    }
    const stage = effectiveSessionStage(row, row, services.config.idleLockMinutes, at);
    if (stage === null) expired.push(hash);
    else if (stage === 'locked') locked.push(hash);
    else if (stage !== 'active') ended.push(hash);
  }
  if (ended.length + expired.length + locked.length === 0) return;
  services.broadcaster.endSessions(ended, 'revoked');
  services.broadcaster.endSessions(expired, 'expired');
  services.broadcaster.lockSessions(locked);
  services.logger.info(
    { event: 'consoles-closed', revoked: ended.length, expired: expired.length, locked: locked.length },
    'consoles of ended sessions closed',
  );
}
