import { nodeName } from './metrics';
import { z } from 'zod';
import type { TIdleLockMinutes } from '@shared/rules/account-lifecycle';
import { ROLES, ZRole } from '@shared/schemas/user';

/**
 * Minutes without input before a console locks. Desk consoles 30 (the IG lead's too), tablets (crews) 15;
 * the display-only board never locks (it shows no one's details).
 */
export const DEFAULT_IDLE_LOCK_MINUTES: TIdleLockMinutes = {
  operator: 30,
  'duty-manager': 30,
  admin: 30,
  provider: 30,
  'pos-staff': 30,
  'triage-clinician': 15,
  'police-officer': 15,
  'ambulance-clinician': 15,
  amhp: 15,
  board: 0,
  'ig-lead': 30,
  commissioner: 30,
};

/**
 * "police-officer=10,operator=20" over the defaults; a role not named keeps its default; 0 means never.
 * Fractions are allowed (tests use seconds).
 */
const ZIdleLock = z
  .string()
  .default('')
  .transform((text, ctx): TIdleLockMinutes => {
    const out = { ...DEFAULT_IDLE_LOCK_MINUTES };
    for (const pair of text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [role, minutes] = pair.split('=').map((p) => p.trim());
      const parsedRole = ZRole.safeParse(role);
      const n = Number(minutes);
      if (!parsedRole.success || minutes === undefined || !Number.isFinite(n) || n < 0 || n > 24 * 60) {
        ctx.addIssue({ code: 'custom', message: `"${pair}": use role=minutes with a role of ${ROLES.join(', ')}` });
        return z.NEVER;
      }
      out[parsedRole.data] = n;
    }
    return out;
  });

const ZBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** Every setting, read once from the environment and validated. Documented in README.md. */
export const ZConfig = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    CONCORDAT_HOST: z.string().default('127.0.0.1'),
    CONCORDAT_DB: z.string().default('./data/concordat.db'),
    /**
     * A PostgreSQL connection string (postgres://user:password@host:5432/db): the store for several nodes.
     * When unset, the SQLite file in CONCORDAT_DB is the store.
     */
    CONCORDAT_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// connection string')
      .optional(),
    /** auto: the demo only on a loopback address; true/false say so explicitly. */
    CONCORDAT_DEMO: z.union([z.literal('auto'), ZBool]).default('auto'),
    CONCORDAT_DEMO_PASSWORD: z.string().min(8).default('crisis-care-demo'),
    CONCORDAT_ALLOWED_ORIGINS: z.string().optional(),
    CONCORDAT_SESSION_HOURS: z.coerce.number().positive().max(24).default(12),
    /** A display-only board sees no personal details and runs for days on a wall. */
    CONCORDAT_BOARD_SESSION_DAYS: z.coerce.number().positive().max(90).default(30),
    CONCORDAT_COOKIE_SECURE: ZBool.default(false),
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
    /** Failed sign-ins per account in 15 minutes before that account refuses more. */
    CONCORDAT_LOGIN_ACCOUNT_LIMIT: z.coerce.number().int().positive().default(10),
    CONCORDAT_IDLE_LOCK_MINUTES: ZIdleLock,
    /** Express's "trust proxy": set it when a load balancer stands in front, so limits see the real client. */
    CONCORDAT_TRUST_PROXY: z.string().default('false'),
    /** The address people reach this server at, for the printed setup link (default: this host and port). */
    CONCORDAT_PUBLIC_URL: z.url().optional(),
    CONCORDAT_ALERT_INTERVAL_SECONDS: z.coerce.number().positive().default(15),
    /** Abuse limits (docs/ARCHITECTURE.md, "Abuse limits"): commands one session may send at once, then per second. */
    CONCORDAT_SESSION_COMMAND_BURST: z.coerce.number().int().positive().default(120),
    CONCORDAT_SESSION_COMMANDS_PER_SECOND: z.coerce.number().positive().default(4),
    /** ...and one client address, whatever sessions it has (a control room may share one). */
    CONCORDAT_ADDRESS_COMMAND_BURST: z.coerce.number().int().positive().default(600),
    CONCORDAT_ADDRESS_COMMANDS_PER_SECOND: z.coerce.number().positive().default(40),
    /** Reads (HTTP GET under /api) have their own, wider budget: a console opening, a search, an export. */
    CONCORDAT_SESSION_READ_BURST: z.coerce.number().int().positive().default(300),
    CONCORDAT_SESSION_READS_PER_SECOND: z.coerce.number().positive().default(10),
    CONCORDAT_ADDRESS_READ_BURST: z.coerce.number().int().positive().default(1500),
    CONCORDAT_ADDRESS_READS_PER_SECOND: z.coerce.number().positive().default(100),
    CONCORDAT_SOCKETS_PER_SESSION: z.coerce.number().int().positive().default(8),
    /** ...and one person across all their logins (each login is itself limited per account and address). */
    CONCORDAT_SOCKETS_PER_PERSON: z.coerce.number().int().positive().default(16),
    /**
     * The area's map tiles: a URL template such as https://tiles.example.nhs.uk/{z}/{x}/{y}.png. Without it
     * the demo area draws its fictional basemap and any other area shows its units, cases and services on
     * a plain background.
     */
    CONCORDAT_MAP_TILES: z
      .url()
      .refine((u) => /^https?:\/\//.test(u) && ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), {
        message: 'use an http(s) URL template with {z}, {x} and {y}',
      })
      .optional(),
    /** Shown in the map's corner, as the tile provider's licence asks. */
    CONCORDAT_MAP_ATTRIBUTION: z.string().max(500).default(''),
    /**
     * `GET /metrics` (Prometheus) answers only a scraper sending `Authorization: Bearer <this>`; without
     * it the route does not exist (R-OPS-METRICS). At least 24 characters.
     */
    CONCORDAT_METRICS_TOKEN: z.string().min(24, 'use at least 24 characters').optional(),
    /** This server's name in its metrics and logs when several run (default: host name and process id). */
    CONCORDAT_NODE_NAME: z.string().max(100).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.CONCORDAT_HOST,
    databasePath: env.CONCORDAT_DB,
    databaseUrl: env.CONCORDAT_DATABASE_URL ?? null,
    demo: env.CONCORDAT_DEMO === 'auto' ? ('auto' as const) : env.CONCORDAT_DEMO ? ('on' as const) : ('off' as const),
    demoPassword: env.CONCORDAT_DEMO_PASSWORD,
    /** Explicit list, or the server's own origins (empty means: derive once the port is known). */
    allowedOrigins: env.CONCORDAT_ALLOWED_ORIGINS ? env.CONCORDAT_ALLOWED_ORIGINS.split(',').map((o) => o.trim()) : [],
    sessionHours: env.CONCORDAT_SESSION_HOURS,
    boardSessionHours: env.CONCORDAT_BOARD_SESSION_DAYS * 24,
    isCookieSecure: env.CONCORDAT_COOKIE_SECURE,
    loginLimitPerMinute: env.CONCORDAT_LOGIN_LIMIT_PER_MINUTE,
    loginAccountLimit: env.CONCORDAT_LOGIN_ACCOUNT_LIMIT,
    idleLockMinutes: env.CONCORDAT_IDLE_LOCK_MINUTES,
    trustProxy: trustProxyValue(env.CONCORDAT_TRUST_PROXY),
    publicUrl: env.CONCORDAT_PUBLIC_URL ?? null,
    alertIntervalMs: env.CONCORDAT_ALERT_INTERVAL_SECONDS * 1000,
    metricsToken: env.CONCORDAT_METRICS_TOKEN ?? null,
    nodeName: nodeName(env.CONCORDAT_NODE_NAME),
    rateLimits: {
      perSession: {
        capacity: env.CONCORDAT_SESSION_COMMAND_BURST,
        refillPerSecond: env.CONCORDAT_SESSION_COMMANDS_PER_SECOND,
      },
      perAddress: {
        capacity: env.CONCORDAT_ADDRESS_COMMAND_BURST,
        refillPerSecond: env.CONCORDAT_ADDRESS_COMMANDS_PER_SECOND,
      },
    },
    readLimits: {
      perSession: {
        capacity: env.CONCORDAT_SESSION_READ_BURST,
        refillPerSecond: env.CONCORDAT_SESSION_READS_PER_SECOND,
      },
      perAddress: {
        capacity: env.CONCORDAT_ADDRESS_READ_BURST,
        refillPerSecond: env.CONCORDAT_ADDRESS_READS_PER_SECOND,
      },
    },
    socketsPerSession: env.CONCORDAT_SOCKETS_PER_SESSION,
    socketsPerPerson: env.CONCORDAT_SOCKETS_PER_PERSON,
    map: { tiles: env.CONCORDAT_MAP_TILES ?? null, attribution: env.CONCORDAT_MAP_ATTRIBUTION },
    logLevel: env.LOG_LEVEL,
  }));
export type TConfig = z.infer<typeof ZConfig>;

/** Express accepts true/false, a hop count, or addresses and subnets ("loopback", "10.0.0.0/8"). */
function trustProxyValue(text: string): boolean | number | string {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^\d+$/.test(text)) return Number(text);
  return text;
}

/** Reads and validates the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return parsed.data;
}
