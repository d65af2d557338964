import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './support/accessibility';
import { logIn } from './support/session';

async function openMap(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await logIn(page, 'operator');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Map' }).click();
  const map = page.getByRole('application', { name: /^Map of Kestrel Vale/ });
  await expect(map).toBeVisible();
  // The fictional basemap has drawn (no internet needed) and the demo's cases and units are on it.
  await expect(map.locator('path.basemap-river')).toHaveCount(1);
  await expect(map.getByRole('button', { name: /3 Heron Close/ })).toBeVisible();
  await expect(map.getByTitle(/^Unit ST1, /)).toBeVisible();
}

test('[R-DISPATCH-NEAREST] keyboard only: Tab to a case on the map, Enter, and dispatch the nearest free unit', async ({
  page,
}) => {
  await openMap(page);
  await page.getByRole('application', { name: /^Map of/ }).focus();
  // Tab through the case markers to the one at 3 Heron Close.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    if (label.includes('3 Heron Close')) break;
  }
  await expect(page.locator(':focus')).toHaveAccessibleName(/^Case C-\w+, Routine: 3 Heron Close/);
  await page.keyboard.press('Enter');

  const side = page.getByRole('complementary', { name: 'On the map' });
  const heading = side.getByRole('heading', { name: /· Routine$/ });
  await expect(heading).toBeFocused();
  const ref = ((await heading.textContent()) ?? '').split(' ')[0] ?? '';
  await expect(page.getByRole('button', { name: new RegExp(`^Case ${ref},`) })).toHaveAttribute('aria-pressed', 'true');

  // The first suggestion is the nearest free unit with a fresh position, and says how far.
  const first = side
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: /^Dispatch / }) })
    .first();
  await expect(first).toContainText(/\d+\.\d km · position \d+ min old · nearest/);
  const callSign = ((await first.locator('strong').textContent()) ?? '').trim();
  const button = first.getByRole('button', { name: `Dispatch ${callSign} to ${ref}` });
  // Back to all cases, Place or Move on the map, Open card, then the nearest unit's Dispatch.
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(side.getByRole('status')).toHaveText(`${callSign} sent to ${ref}.`);
  // The unit's button has gone (it is no longer free): the keyboard stays in the panel, on what happened.
  await expect(side.getByRole('status')).toBeFocused();
  await expect(side).toContainText(`On this case: ${callSign} (Dispatched, not accepted yet)`);
  // The unit's marker says so, live.
  await expect(page.getByTitle(new RegExp(`^Unit ${callSign}, Dispatched on ${ref}`))).toBeVisible();

  // Leave the unit free for the tests after this one.
  await side.getByRole('link', { name: `Open card ${ref}` }).click();
  const dispatch = page.getByRole('region', { name: 'Units' });
  await dispatch.getByRole('button', { name: `Cancel ${callSign}'s dispatch…` }).click();
  await dispatch.getByRole('textbox').fill('Test over');
  await dispatch.getByRole('button', { name: `Stand ${callSign} down` }).click();
  await expect(dispatch.getByRole('button', { name: `Cancel ${callSign}'s dispatch…` })).toHaveCount(0);
});

for (const theme of ['dark', 'light'] as const) {
  test(`[A11Y][WCAG] the map and its panel have no axe violations (${theme})`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('concordat-theme', t), theme);
    await openMap(page);
    expect(await axeViolations(page)).toEqual([]);
    await page
      .getByRole('complementary', { name: 'On the map' })
      .getByRole('button', { name: /^C-\w+ · / })
      .first()
      .click();
    await expect(page.getByRole('heading', { name: 'Nearest free units' })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('[R-DISPATCH-NEAREST] a case with no position is placed on the map where the cross is, and its nearest units follow', async ({
  page,
}) => {
  await openMap(page);
  const side = page.getByRole('complementary', { name: 'On the map' });
  const chooser = side.getByRole('listitem').filter({ hasText: 'near the market' });
  await expect(chooser).toContainText('(no position, not on the map)');
  await chooser.getByRole('button').click();
  const heading = side.getByRole('heading', { name: /^C-\w+ · / });
  const ref = ((await heading.textContent()) ?? '').split(' ')[0] ?? '';
  await expect(side.getByText('distance not known').first()).toBeVisible();
  await side.getByRole('button', { name: `Place ${ref} on the map…` }).click();
  await side.getByRole('button', { name: `Place ${ref} at the cross` }).click();
  await expect(side.getByRole('status')).toHaveText(`${ref} placed on the map.`);
  // On the map, live, and the suggestions now say how far.
  await expect(page.getByRole('button', { name: new RegExp(`^Case ${ref},`) })).toBeVisible();
  await expect(side.getByRole('button', { name: `Move ${ref} on the map…` })).toBeVisible();
  await expect(side.getByText(/\d+\.\d km · position/).first()).toBeVisible();
});
