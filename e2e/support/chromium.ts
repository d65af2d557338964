import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** Flags for headless Chromium on a locked-down machine (no sandbox as root, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * The browser e2e tests drive: $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then Playwright's own
 * download. Returns undefined when Playwright's own is the one to use, or null when none is present.
 */
export function findChromium(): { path: string | undefined; source: string } | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv, source: 'CHROMIUM_PATH' };
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', source: 'Debian chromium' };
  try {
    if (existsSync(chromium.executablePath())) return { path: undefined, source: "Playwright's Chromium" };
  } catch {
    // Playwright has no browser registered here.
  }
  return null;
}
