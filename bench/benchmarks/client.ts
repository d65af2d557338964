import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/chromium';
import { login } from '../lib/consoles';
import { freePort, startServerProcess } from '../lib/processes';
import { percentile, round, type TBenchResult } from '../lib/stats';
import { tempDb } from '../lib/temp';

const DIST = 'dist/client';
const TRIALS = 3;
/** Chrome DevTools' "Fast 3G" preset. */
const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.44 * 1024 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
};

/** Gzipped size of the scripts index.html loads up front. */
function initialJsGzipKb(): number {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<script[^>]+src="\/?([^"]+)"/g),
    ...html.matchAll(/<link rel="modulepreload"[^>]+href="\/?([^"]+)"/g),
  ];
  return scripts.reduce((sum, m) => sum + gzipSync(readFileSync(join(DIST, m[1] ?? ''))).length, 0) / 1024;
}

interface TLiveMark {
  __liveAt?: number;
}

/**
 * Runs in the page before its own scripts: records, in milliseconds since navigation began, the first
 * moment the connection status says Live and the queue lists a card (what the benchmark waits for).
 * Plain JavaScript text, so nothing the TypeScript build adds can break it in the page.
 */
const markWhenLive = `
  const isLive = () =>
    [...document.querySelectorAll('[role="status"]')].some((e) => e.textContent.includes('Live')) &&
    document.querySelector('ul a[href], ol a[href], [role="list"] a[href]') !== null;
  const observer = new MutationObserver(() => {
    if (!isLive()) return;
    window.__liveAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
`;

/**
 * Build size, and time from navigation until the live queue shows data over a throttled link. The
 * duty manager's queue stands in for the capacity board until that board exists.
 */
export async function runClient(): Promise<TBenchResult[]> {
  execSync('npx vite build', { stdio: 'ignore' });
  const jsKb = initialJsGzipKb();
  const server = await startServerProcess('bench/servers/concordat-server.ts', {
    PORT: String(await freePort()),
    CONCORDAT_DB: tempDb('client'),
    CONCORDAT_DEMO: 'true',
    CONCORDAT_LOGIN_LIMIT_PER_MINUTE: '100000',
  });
  const browser = await chromium.launch({ executablePath: findChromium()?.path, args: CHROMIUM_ARGS });
  const times: number[] = [];
  try {
    const cookie = await login(server.url, 'duty-manager');
    const [name, value] = cookie.split('=');
    for (let t = 0; t < TRIALS; t++) {
      const context = await browser.newContext();
      await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }]);
      const page = await context.newPage();
      // The page notes the moment it is live with data itself: Playwright's own checks poll, up to
      // half a second apart once a wait grows long, which would be measured as the page's time.
      await page.addInitScript({ content: markWhenLive });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', FAST_3G);
      await page.goto(server.url);
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
      await page.getByRole('list').getByRole('link').first().waitFor();
      times.push(await page.evaluate(() => (window as unknown as TLiveMark).__liveAt ?? Number.NaN));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const seconds = percentile(times, 50) / 1000;
  return [
    {
      name: 'client-size',
      what: 'production build: initial JavaScript, gzipped',
      figure: round(jsKb, 1),
      unit: 'KB gzip',
      baseline: null,
      ratio: null,
      target: 'initial JS ≤ 200 KB gzip',
      meetsTarget: jsKb <= 200,
      details: {},
    },
    {
      name: 'client-live',
      what: 'headless Chromium on Fast 3G: navigation start → live queue with data, as the page times it (median of 3)',
      figure: round(seconds),
      unit: 's',
      baseline: null,
      ratio: null,
      target: '≤ 3 s',
      meetsTarget: seconds <= 3,
      details: { worstS: round(Math.max(...times) / 1000) },
    },
  ];
}
