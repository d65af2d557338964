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
      .getByRole('listitem')
      .first()
      .getByRole('link')
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

for (const theme of ['dark', 'light'] as const) {
  test(`[A11Y][WCAG] administration screens have no axe violations (${theme})`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.addInitScript((t) => localStorage.setItem('concordat-theme', t), theme);
    await logIn(page, 'admin');
    await expect(page.getByRole('heading', { name: /^Accounts of/ })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'New account' }).click();
    await expect(page.getByRole('dialog', { name: 'New account' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Olu Adeyemi' }).click();
    await expect(page.getByRole('region', { name: 'Details' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    const pages: [string, RegExp][] = [
      ['Organisations', /^Organisations and area/],
      ['Units', /^Units and crews of/],
      ['Services', /^Service registry of/],
      ['Import', /^Import from spreadsheets/],
      ['History', /^Administration history/],
    ];
    for (const [link, heading] of pages) {
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: link }).click();
      await expect(page.getByRole('heading', { name: heading })).toBeVisible();
      expect(await violations(page), link).toEqual([]);
    }
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Services' }).click();
    await page.getByRole('button', { name: 'Edit Harbour Lights Crisis Café' }).click();
    await expect(page.getByRole('dialog', { name: 'Edit Harbour Lights Crisis Café' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
}
