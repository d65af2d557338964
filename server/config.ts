import { z } from 'zod';

const ZBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** Every setting, read once from the environment and validated. Documented in README.md. */
export const ZConfig = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    CONCORDAT_HOST: z.string().default('127.0.0.1'),
    CONCORDAT_DB: z.string().default('./data/concordat.db'),
    CONCORDAT_DEMO: ZBool.default(true),
    CONCORDAT_DEMO_PASSWORD: z.string().min(8).default('crisis-care-demo'),
    CONCORDAT_ALLOWED_ORIGINS: z.string().optional(),
    CONCORDAT_SESSION_HOURS: z.coerce.number().positive().max(24).default(12),
    /** A display-only board sees no personal details and runs for days on a wall. */
    CONCORDAT_BOARD_SESSION_DAYS: z.coerce.number().positive().max(90).default(30),
    CONCORDAT_COOKIE_SECURE: ZBool.default(false),
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
    CONCORDAT_ALERT_INTERVAL_SECONDS: z.coerce.number().positive().default(15),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.CONCORDAT_HOST,
    databasePath: env.CONCORDAT_DB,
    isDemo: env.CONCORDAT_DEMO,
    demoPassword: env.CONCORDAT_DEMO_PASSWORD,
    /** Explicit list, or the server's own origins (empty means: derive once the port is known). */
    allowedOrigins: env.CONCORDAT_ALLOWED_ORIGINS ? env.CONCORDAT_ALLOWED_ORIGINS.split(',').map((o) => o.trim()) : [],
    sessionHours: env.CONCORDAT_SESSION_HOURS,
    boardSessionHours: env.CONCORDAT_BOARD_SESSION_DAYS * 24,
    isCookieSecure: env.CONCORDAT_COOKIE_SECURE,
    loginLimitPerMinute: env.CONCORDAT_LOGIN_LIMIT_PER_MINUTE,
    alertIntervalMs: env.CONCORDAT_ALERT_INTERVAL_SECONDS * 1000,
    logLevel: env.LOG_LEVEL,
  }));
export type TConfig = z.infer<typeof ZConfig>;

/** Reads and validates the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return parsed.data;
}
