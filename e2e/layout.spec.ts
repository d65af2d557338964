import { expect, test } from '@playwright/test';
import { closeContexts, createCard, logIn, newContext } from './support/session';

test.afterEach(closeContexts);

test('[LAYOUT] at 1440×900 the console has a one-line header, ten or more queue rows in view beside the card, and no page scroll', async ({
  browser,
}) => {
  const desk = await newContext(browser, { viewport: { width: 1440, height: 900 } });
  const page = await desk.newPage();
  await logIn(page, 'operator');
  const queue = page.getByRole('region', { name: /Open cases/ });
  // Enough open cards to fill a shift's queue.
  for (let i = 0; (await queue.getByRole('listitem').count()) < 12; i++) {
    await createCard(
      page,
      `Neighbour worried, caller ${i} ${Math.random().toString(36).slice(2, 6)}`,
      `${i} Mill Lane`,
    );
  }
  await queue.getByRole('listitem').first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();

  const layout = await page.evaluate(() => {
    const header = document.querySelector('.topbar')!;
    const tops = [...header.children].map((c) => Math.round(c.getBoundingClientRect().top));
    const pane = document.querySelector('.queue-pane')!.getBoundingClientRect();
    const rowsInView = [...document.querySelectorAll('ol.queue > li')].filter((li) => {
      const r = li.getBoundingClientRect();
      return r.top >= pane.top && r.bottom <= pane.bottom;
    }).length;
    const detail = document.querySelector('.detail-pane')!.getBoundingClientRect();
    const root = document.documentElement;
    return {
      headerLines: new Set(tops.map((t) => Math.round(t / 20))).size,
      headerHeight: header.getBoundingClientRect().height,
      rowsInView,
      isCardBeside: detail.left >= pane.right && detail.top < pane.bottom,
      pageScrolls: root.scrollHeight > root.clientHeight || root.scrollWidth > root.clientWidth,
      narrowestTitle: Math.min(...[...document.querySelectorAll('.queue-title')].map((t) => t.clientWidth)),
    };
  });
  // A row crowded with badges (the demo's s136 card, its follow-up and contact-lost card) still has room
  // for a few words of what the call is about (H-079).
  expect(layout.narrowestTitle, 'narrowest queue title in px').toBeGreaterThanOrEqual(180);
  expect(layout.headerHeight, 'header height').toBeLessThan(64);
  expect(layout.rowsInView).toBeGreaterThanOrEqual(10);
  expect(layout.isCardBeside).toBe(true);
  expect(layout.pageScrolls).toBe(false);
  // Every waiting timer says what it counts.
  await expect(queue.locator('.waiting').first()).toContainText(/^waiting \d/);
});

test('[LAYOUT] at 1440×900 the duty manager’s header (the most views of any role) fits on one line without a sideways scroll', async ({
  browser,
}) => {
  const desk = await newContext(browser, { viewport: { width: 1440, height: 900 } });
  const page = await desk.newPage();
  await logIn(page, 'duty-manager');
  await expect(page.getByRole('link', { name: 'Reports' })).toBeVisible();
  const fit = await page.evaluate(() => {
    const header = document.querySelector('.topbar')!;
    const root = document.documentElement;
    return {
      headerHeight: header.getBoundingClientRect().height,
      scrollsSideways: root.scrollWidth > root.clientWidth || header.scrollWidth > header.clientWidth,
      menuRight: document.querySelector('.user-menu')!.getBoundingClientRect().right,
    };
  });
  expect(fit.headerHeight, 'header height').toBeLessThan(64);
  expect(fit.scrollsSideways).toBe(false);
  expect(fit.menuRight).toBeLessThanOrEqual(1440);

  // Offline, the header still fits: "Offline" shows, "— reconnecting" is there for screen readers.
  await desk.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
  const offline = await page.evaluate(() => {
    const header = document.querySelector('.topbar')!;
    const root = document.documentElement;
    return {
      scrollsSideways: root.scrollWidth > root.clientWidth || header.scrollWidth > header.clientWidth,
      menuRight: document.querySelector('.user-menu')!.getBoundingClientRect().right,
    };
  });
  expect(offline.scrollsSideways).toBe(false);
  expect(offline.menuRight).toBeLessThanOrEqual(1440);
  await desk.setOffline(false);
});

for (const [width, height] of [
  [1024, 768],
  [390, 844],
] as const) {
  test(`[LAYOUT] at ${width}×${height} every queue row's waiting time stays inside its row, its alerts and badges beside it`, async ({
    browser,
  }) => {
    const device = await newContext(browser, { viewport: { width, height } });
    const page = await device.newPage();
    await logIn(page, 'duty-manager');
    await expect(page.locator('.queue li a').first()).toBeVisible();
    const spills = await page.evaluate(() =>
      [...document.querySelectorAll('.queue li a')].map((row) => {
        const timer = row.querySelector('.waiting')!.getBoundingClientRect();
        return Math.max(0, Math.round(timer.right - row.getBoundingClientRect().right));
      }),
    );
    expect(
      spills.every((px) => px === 0),
      `pixels past each row's edge: ${spills.join(', ')}`,
    ).toBe(true);
  });
}

test('[LAYOUT] on a phone the console shows one pane at a time — the queue, or the card with a way back — and no keyboard hints', async ({
  browser,
}) => {
  const phone = await newContext(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  await logIn(page, 'operator');
  const queue = page.getByRole('region', { name: /Open cases/ });
  await expect(queue.getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Selected case' })).toBeHidden();
  await expect(page.getByText('Keys:')).toBeHidden();
  await expect(page.getByRole('button', { name: 'New card' }).locator('kbd')).toBeHidden();
  // Every row's risks are in view: the address gives way first on a narrow line.
  const risksCut = await page.evaluate(
    () =>
      [...document.querySelectorAll('.queue li a')].filter((row) => {
        const chip = row.querySelector('.queue-meta .chips > *');
        return chip !== null && chip.getBoundingClientRect().right > row.getBoundingClientRect().right;
      }).length,
  );
  expect(risksCut).toBe(0);
  // The queue has the screen below the header to itself.
  const paneHeight = await queue.evaluate((el) => el.getBoundingClientRect().height);
  expect(paneHeight).toBeGreaterThan(600);

  await queue.getByRole('listitem').first().getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeAttached();
  await expect(queue).toBeHidden();
  await page.getByRole('link', { name: '← Open cases' }).click();
  await expect(queue).toBeVisible();
  await expect(page.getByRole('region', { name: 'Selected case' })).toBeHidden();
  // The header keeps to three short rows (each at least 44 px for a finger): the name and search; the
  // views across the whole width, every one of the operator's in sight; then alerts, sound, status and
  // the person's menu together.
  const headerHeight = await page.locator('.topbar').evaluate((el) => el.getBoundingClientRect().height);
  expect(headerHeight).toBeLessThan(170);
  const viewsCut = await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('link')
    .evaluateAll((links) => links.filter((link) => link.getBoundingClientRect().right > window.innerWidth).length);
  expect(viewsCut).toBe(0);
});

test('[LAYOUT] on a desk, Esc puts the open card away and returns to its row in the queue', async ({ browser }) => {
  const desk = await newContext(browser, { viewport: { width: 1440, height: 900 } });
  const page = await desk.newPage();
  await logIn(page, 'operator');
  const row = page.locator('.queue li a').first();
  await row.click();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  // A note begun and focus moved off it: Esc leaves the card open, so the text is not lost.
  const note = page.getByLabel('Add a note');
  await note.fill('Half a note');
  await page.getByRole('heading', { name: 'Timeline' }).click();
  await page.keyboard.press('Escape');
  await expect(note).toHaveValue('Half a note');
  await note.fill('');
  // An edit begun: Esc asks before throwing it away, as every dialog does, and the card stays open.
  await page.getByRole('button', { name: 'Edit card' }).click();
  const edit = page.getByRole('form', { name: 'Edit card' });
  await edit.getByLabel(/^Situation/).fill('Changed my mind about this');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Keep editing' }).click();
  await expect(edit.getByLabel(/^Situation/)).toHaveValue('Changed my mind about this');
  await edit.getByLabel(/^Situation/).press('Escape');
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await page.getByRole('heading', { name: 'Timeline' }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('Select a card from the queue, or press N to open a new one.')).toBeVisible();
  await expect(row).toBeFocused();
});

test('[LAYOUT] on a phone no page of the duty manager’s reaches past the screen’s right edge (a wide table scrolls in its own box)', async ({
  browser,
}) => {
  const phone = await newContext(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  await logIn(page, 'duty-manager');
  for (const path of ['/', '/units', '/handover', '/detentions', '/closed', '/map', '/services']) {
    await page.goto(path);
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await expect(page.locator('main')).not.toContainText('Loading');
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((el) => !el.closest('.table-scroll, nav.views, .leaflet-pane, .leaflet-control-container'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.right > window.innerWidth + 1;
        })
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}`)
        .slice(0, 5),
    );
    expect(outside, `${path}: elements past the right edge`).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} scrolls sideways`).toBe(390);
  }
});
