import { expect, test } from '@playwright/test';
import { axeViolations as violations } from './support/accessibility';
import { logIn } from './support/session';

for (const theme of ['dark', 'light'] as const) {
  test(`[A11Y][WCAG] login page and operator console have no axe violations (${theme})`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('concordat-theme', t), theme);
    await page.goto('/login');
    expect(await violations(page)).toEqual([]);

    await logIn(page, 'operator');
    await page
      .getByRole('region', { name: /Open cases/ })
      .getByRole('link')
      .first()
      .click();
    await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
    expect(await violations(page)).toEqual([]);

    await page.getByRole('link', { name: /Detentions/ }).click();
    await expect(page.getByRole('heading', { name: /Detentions under the Mental Health Act/ })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Cases' }).click();

    await page.keyboard.press('n');
    await expect(page.getByRole('dialog', { name: 'New case card' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
}
