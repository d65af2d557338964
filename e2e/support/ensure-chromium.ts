import { execSync } from 'node:child_process';
import { findChromium } from './chromium';

/**
 * Run before the e2e suite so `npm test` works on a fresh machine: finds a Chromium, or installs one
 * (Debian's package when root, otherwise Playwright's download) and says what it did.
 */
function run(command: string): void {
  console.log(`[e2e] $ ${command}`);
  execSync(command, { stdio: 'inherit' });
}

const found = findChromium();
if (found) {
  console.log(`[e2e] Using ${found.source}${found.path ? ` at ${found.path}` : ''}`);
} else {
  console.log('[e2e] No Chromium found ($CHROMIUM_PATH, /usr/bin/chromium, Playwright). Installing one…');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let hasApt = false;
  try {
    execSync('command -v apt-get', { stdio: 'ignore' });
    hasApt = true;
  } catch {
    hasApt = false;
  }
  if (isRoot && hasApt) {
    run('apt-get update -qq');
    run('DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  } else {
    run('npx playwright install chromium');
  }
  const after = findChromium();
  if (!after) {
    console.error('[e2e] Still no Chromium. Install one and set CHROMIUM_PATH to its binary.');
    process.exit(1);
  }
  console.log(`[e2e] Installed: ${after.source}`);
}
