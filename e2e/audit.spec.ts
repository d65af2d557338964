import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, consoleFor, createCard, logIn, newContext } from './support/session';

test.afterEach(closeContexts);

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 7)}`;
/** A card's readable reference comes from its id (shared/rules/case-lifecycle.ts, caseRefFromId). */
const refOf = (id: string) => `C-${id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;

test('[AUDIT][R-IG-AUDIT] the IG lead lands on the audit, finds a card by its reference and sees the duty manager’s view of it', async ({
  browser,
}) => {
  const manager = await consoleFor(browser, 'duty-manager');
  await createCard(manager, unique('Woman at the station, seen for the audit'));
  const id = new URL(manager.url()).pathname.split('/').pop() ?? '';
  const ref = refOf(id);

  for (const theme of ['dark', 'light'] as const) {
    const context = await newContext(browser, { viewport: { width: 1440, height: 900 } });
    await context.addInitScript((t) => localStorage.setItem('concordat-theme', t), theme);
    const ig = await context.newPage();
    await logIn(ig, 'ig-lead');
    await expect(ig).toHaveURL(/\/audit$/);
    await expect(ig.getByRole('heading', { name: /^Who saw which card/ })).toBeVisible();

    await ig.getByRole('textbox', { name: 'Card' }).fill(ref.toLowerCase());
    await ig.getByRole('button', { name: 'Search' }).click();
    const opened = ig.getByRole('row').filter({ hasText: 'Morgan Ellery' }).filter({ hasText: 'Opened the card' });
    await expect(opened.first()).toContainText(ref);
    await expect(opened.first()).toContainText('Duty manager');
    await expect(opened.first()).toContainText('Kestrel Vale Mental Health Trust');
    // Nothing about any other card.
    for (const cell of await ig.getByRole('row').locator('td:nth-child(5)').allTextContents()) expect(cell).toBe(ref);
    await expectAccessible(ig);
    await ig.screenshot({ path: `test-results/audit-viewer-1440x900-${theme}.png` });

    const download = ig.waitForEvent('download');
    await ig.getByRole('link', { name: 'Export CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^access-log-\d{4}-\d{2}-\d{2}\.csv$/);
  }

  // The duty manager has the viewer too, and sees the IG lead's searches of that card in it.
  await manager.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Audit' }).click();
  await manager.getByRole('combobox', { name: 'What' }).selectOption('audit-view');
  await manager.getByRole('button', { name: 'Search' }).click();
  await expect(
    manager.getByRole('row').filter({ hasText: 'Iris Gatward (IG lead)' }).filter({ hasText: ref }).first(),
  ).toBeVisible();
});
