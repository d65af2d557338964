import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, logIn, newContext } from './support/session';

test.afterEach(closeContexts);

/** The smallest text on the board, in CSS pixels, and whether anything would need scrolling. */
async function boardLayout(page: Page) {
  return page.evaluate(() => {
    const board = document.querySelector('.board')!;
    let smallest = Number.POSITIVE_INFINITY;
    let smallestText = '';
    const walker = document.createTreeWalker(board, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const element = node.parentElement;
      if (!text || !element || element.closest('.sr-only')) continue;
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (size < smallest) {
        smallest = size;
        smallestText = text;
      }
    }
    // The charts draw their text on a canvas: the axis font they were given.
    const root = document.documentElement;
    // A tile cut off at the foot of its panel, or a map marker cut off at the map's edge, reads as broken.
    const inside = (inner: Element, outer: Element | null) => {
      if (!outer) return true;
      const a = inner.getBoundingClientRect();
      const b = outer.getBoundingClientRect();
      return a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5 && a.left >= b.left - 0.5 && a.right <= b.right + 0.5;
    };
    const clipped = [
      ...[...board.querySelectorAll('.tile')].filter((t) => !inside(t, t.closest('.board-panel'))),
      ...[...board.querySelectorAll('.map-marker')].filter((m) => !inside(m, m.closest('.area-map'))),
    ].map((e) => e.textContent ?? '');
    return {
      clipped,
      smallest,
      smallestText,
      pageScrolls: root.scrollHeight > root.clientHeight || root.scrollWidth > root.clientWidth,
      boardScrolls: board.scrollHeight > board.clientHeight + 1,
    };
  });
}

for (const [width, height] of [
  [1920, 1080],
  [3840, 2160],
] as const) {
  test(`[BOARD] at ${width}×${height} the wall board fits the screen without scrolling, and no text is smaller than 24 px at 1080p`, async ({
    browser,
  }) => {
    const wall = await newContext(browser, { viewport: { width, height } });
    const page = await wall.newPage();
    await logIn(page, 'board');
    await expect(page).toHaveURL(/\/board$/);
    await expect(page.getByTestId('suite-tile').first()).toBeVisible();
    await expect(page.getByRole('img', { name: /Occupancy, last 24 hours/ })).toBeVisible();
    await expect(page.locator('.chart canvas').first()).toBeVisible();
    // The map of the area, with cases by reference and units by call sign (R-IG-MIN: no address, no person).
    const map = page.getByRole('img', { name: /^Map of the area: \d+ cases? and \d+ units?/ });
    await expect(map).toBeVisible();
    await expect(map.locator('.map-case').first()).toHaveText(/^C-\w+$/);
    await expect(map.locator('.map-unit', { hasText: 'ST1' })).toBeVisible();

    const layout = await boardLayout(page);
    expect(layout.pageScrolls, 'the page scrolls').toBe(false);
    expect(layout.boardScrolls, 'the board scrolls').toBe(false);
    expect(layout.clipped, 'tiles and markers cut off at an edge').toEqual([]);
    const minimum = 24 * (height / 1080);
    expect(layout.smallest, `smallest text: “${layout.smallestText}”`).toBeGreaterThanOrEqual(minimum - 0.5);
    if (width === 1920) await expectAccessible(page);
  });
}
