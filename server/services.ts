import { randomUUID } from 'node:crypto';
import type { TStore } from '@db/repositories';
import type { TSignInLimiter } from './auth/login-limits';
import type { TSessionService } from './auth/sessions';
import type { TBroadcaster } from './broadcaster';
import type { TConfig } from './config';
import type { Logger } from './logger';

/**
 * What this installation is doing: serving the demo, waiting for its first administrator (setup), or
 * serving a live area; and whether start-up (migrations, seeding, the jobs' first pass) has finished.
 */
export interface TInstance {
  mode: 'demo' | 'setup' | 'live';
  isReady: boolean;
  /** The one-time setup token while in setup mode. */
  setupToken: string | null;
}

/** Everything a handler needs, built once at start-up and passed down explicitly. */
export interface TServices {
  config: TConfig;
  store: TStore;
  sessions: TSessionService;
  signInLimiter: TSignInLimiter;
  broadcaster: TBroadcaster;
  logger: Logger;
  instance: TInstance;
  now: () => Date;
  newId: () => string;
}

export const systemClock = (): Date => new Date();
export const newUuid = (): string => randomUUID();
