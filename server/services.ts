import { createMetrics, type TMetrics } from './metrics';
import { randomUUID } from 'node:crypto';
import type { TStore } from '@db/repositories';
import { createDisclosureLog, type TDisclosureLog } from './audit/disclosures';
import { createSignInLimiter, type TSignInLimiter } from './auth/login-limits';
import { createSessionService, type TSessionService } from './auth/sessions';
import type { TBroadcaster } from './broadcaster';
import type { TConfig } from './config';
import { createLimits, type TLimits } from './limits/limits';
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
  /** Rate limits and the socket cap at the transport edges, with security logging of refusals. */
  limits: TLimits;
  broadcaster: TBroadcaster;
  /** Every disclosure of a card's personal data goes into the access log through this (R-IG-AUDIT). */
  disclosures: TDisclosureLog;
  logger: Logger;
  instance: TInstance;
  now: () => Date;
  newId: () => string;
  /** What `GET /metrics` reports (R-OPS-METRICS). */
  metrics: TMetrics;
}

export const systemClock = (): Date => new Date();
export const newUuid = (): string => randomUUID();

/** Sign-in attempts are counted over this window (README: "Accounts a security officer can sign off"). */
const SIGN_IN_WINDOW_MS = 15 * 60_000;

/**
 * The services over a store, built the same way for the server and the administration command line;
 * they differ only in how they tell consoles about changes and in their clock and logger.
 */
export function createServices(
  config: TConfig,
  store: TStore,
  parts: {
    broadcaster: TBroadcaster;
    logger: Logger;
    now: () => Date;
    instance: TInstance;
    /** The server makes it first, so its broadcaster can record live pushes. */
    disclosures?: TDisclosureLog;
    metrics?: TMetrics;
  },
): TServices {
  return {
    metrics: parts.metrics ?? createMetrics({ node: config.nodeName, now: parts.now }),
    config,
    store,
    sessions: createSessionService(
      store,
      {
        shiftHours: config.sessionHours,
        boardHours: config.boardSessionHours,
        idleLockMinutes: config.idleLockMinutes,
      },
      parts.now,
    ),
    signInLimiter: createSignInLimiter(store.signInAttempts, {
      perAccountAndAddress: config.loginAccountLimit,
      perAccount: config.loginAccountLimit * 5,
      windowMs: SIGN_IN_WINDOW_MS,
    }),
    limits: createLimits(config, parts.logger, parts.now),
    broadcaster: parts.broadcaster,
    disclosures: parts.disclosures ?? createDisclosureLog(store, parts.now, parts.logger),
    logger: parts.logger,
    instance: parts.instance,
    now: parts.now,
    newId: newUuid,
  };
}
