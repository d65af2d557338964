import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Landmarks (axe's best practice, beyond WCAG's letter): one main, and everything on the page inside a
 * landmark, so a screen-reader user can jump between header, navigation, main and the demo notice.
 */
const LANDMARKS = ['region', 'landmark-one-main', 'landmark-no-duplicate-main', 'landmark-unique'];

/** axe's WCAG 2.2 AA and landmark violations on the page as it is now, one line each: rule and where. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = [
    await new AxeBuilder({ page }).withTags(WCAG).analyze(),
    await new AxeBuilder({ page }).withRules(LANDMARKS).analyze(),
  ];
  return results.flatMap((result) =>
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  );
}

export async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}
