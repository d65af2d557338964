import { randomUUID } from 'node:crypto';
import type { TStore } from '@db/repositories';
import type { TSessionService } from './auth/sessions';
import type { TBroadcaster } from './broadcaster';
import type { TConfig } from './config';
import type { Logger } from './logger';

/** Everything a handler needs, built once at start-up and passed down explicitly. */
export interface TServices {
  config: TConfig;
  store: TStore;
  sessions: TSessionService;
  broadcaster: TBroadcaster;
  logger: Logger;
  now: () => Date;
  newId: () => string;
}

export const systemClock = (): Date => new Date();
export const newUuid = (): string => randomUUID();
