import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'crisis-care-demo';

/** Logs in through the real login page, as a person would. */
export async function logIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
}

const opened: BrowserContext[] = [];

/**
 * A browser context the suite closes after each test (`closeContexts`), so pages with live sockets and
 * ticking clocks do not pile up across the run.
 */
export async function newContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  opened.push(context);
  return context;
}

export async function closeContexts(): Promise<void> {
  for (const context of opened.splice(0)) await context.close();
}

/** A separate browser context (its own cookies) logged in as `username`. */
export async function consoleFor(browser: Browser, username: string): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await logIn(page, username);
  return page;
}

/** Opens a new card from the operator console with the keyboard, and returns once it is saved. */
export async function createCard(
  page: Page,
  summary: string,
  location = 'Market Square bus station',
  options: { ageYears?: number } = {},
): Promise<void> {
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New case card' });
  await dialog.getByLabel('Situation').fill(summary);
  await dialog.getByLabel('Priority').selectOption('very-urgent');
  await dialog.getByLabel('Location', { exact: true }).fill(location);
  await dialog.getByLabel('Presenting concerns').fill('Low mood, clinical detail for clinicians only');
  if (options.ageYears !== undefined) {
    await dialog.getByRole('combobox', { name: /^Age/ }).selectOption('age');
    await dialog.getByLabel('Years', { exact: true }).fill(String(options.ageYears));
  }
  await dialog.getByLabel('Location', { exact: true }).press('Control+Enter');
  await expect(dialog).toBeHidden();
  // The heading is the situation line (every card-reading role sees it), or the place when there is none.
  const title = new RegExp(`^(${escapeRegExp(summary)}|${escapeRegExp(location)})$`);
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A crew member on a 10-inch tablet in portrait, logged in, on My unit; `controls` is their unit's block. */
export async function crewTablet(
  browser: Browser,
  username: string,
  callSign = 'ST1',
  {
    baseURL,
    prepare,
  }: {
    baseURL?: string;
    /** Runs on the new browser context before the first page opens (an init script, say). */
    prepare?: (tablet: BrowserContext) => Promise<void>;
  } = {},
) {
  const tablet = await newContext(browser, {
    viewport: { width: 800, height: 1280 },
    hasTouch: true,
    ...(baseURL ? { baseURL } : {}),
  });
  await prepare?.(tablet);
  const page = await tablet.newPage();
  await logIn(page, username);
  await page.getByRole('link', { name: 'My unit' }).click();
  const controls = page.getByRole('region', { name: new RegExp(`^${callSign}`) });
  await expect(controls).toBeVisible();
  return { tablet, page, controls };
}

/** An operator at a desk with a new card open; `dispatch` is the card's Units block. */
export async function operatorWithCard(browser: Browser, summary: string, location: string) {
  const desk = await newContext(browser, { viewport: { width: 1400, height: 1000 } });
  const operator = await desk.newPage();
  await logIn(operator, 'operator');
  await createCard(operator, summary, location);
  return { operator, dispatch: operator.getByRole('region', { name: 'Units' }) };
}

/**
 * Logs out from the menu under the person's name in the header, and waits until the login page shows: a
 * navigation made sooner could cancel the logout's own request and leave the session alive.
 */
export async function logOut(page: Page): Promise<void> {
  await page.locator('.user-menu summary').click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByLabel('Username')).toBeVisible();
}
