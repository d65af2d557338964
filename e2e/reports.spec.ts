import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, consoleFor } from './support/session';

test.afterEach(closeContexts);

const dayInEngland = (daysAgo: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() - daysAgo * 86_400_000));

test('[REPORTS] R-REPORT-RESPONSE, R-REPORT-INEQUALITY, R-REPORT-CAPACITY, R-REPORT-DRILL, R-HO-RETURN: a duty manager opens Reports for last month, sees response times and s136 detentions by ethnicity as a chart and a table, lists the cards behind a figure, and downloads the return', async ({
  browser,
}) => {
  const manager = await consoleFor(browser, 'duty-manager');
  await manager.getByRole('link', { name: 'Reports' }).click();
  // Last month is the default: a board paper's period.
  await expect(manager.getByRole('heading', { level: 2, name: /^Reports: / })).toBeVisible();
  const responseTimes = manager.getByRole('table', { name: 'Median and 90th percentile by priority' });
  await expect(responseTimes.getByRole('rowheader', { name: 'Call to seen (on scene)' })).toBeVisible();
  await expect(responseTimes.getByRole('columnheader', { name: 'Very urgent' })).toBeVisible();
  await expectAccessible(manager);

  // The demo's year: a custom period from a year ago, so every group has detentions to count.
  await manager.getByRole('combobox', { name: 'Period' }).selectOption('custom');
  await manager.getByLabel('From', { exact: true }).fill(dayInEngland(366));
  await manager.getByLabel('To', { exact: true }).fill(dayInEngland(1));
  const breakdown = manager.getByRole('table', { name: /^Detentions \(s136 and s135\) by ethnicity/ });
  await expect(breakdown.getByRole('rowheader', { name: 'Not stated' })).toBeVisible();
  await expect(manager.getByTestId('bar-chart').first()).toBeVisible();
  // R-REPORT-CAPACITY: who was full or stale when a place was sought, beside the turn-aways.
  await expect(manager.getByRole('table', { name: /^When a place was sought/ })).toBeVisible();
  const white = breakdown.getByRole('row').filter({ has: manager.getByRole('rowheader', { name: 'White' }) });
  await white.getByRole('button').click();
  const cards = manager.getByRole('list', { name: 'Cards behind the figure' });
  await expect(cards.getByRole('listitem').first()).toBeVisible();
  await expect(cards.getByRole('link').first()).toHaveText(/^C-/);

  const download = manager.waitForEvent('download');
  await manager.getByRole('link', { name: 'Download the return (CSV)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^mha-s136-s135-return-\d{4}-\d{2}\.csv$/);
});

test('[REPORTS] R-REPORT-ACCESS, R-REPORT-SDC: a commissioner lands on Reports, sees small numbers suppressed, and no card anywhere', async ({
  browser,
}) => {
  const commissioner = await consoleFor(browser, 'commissioner');
  await expect(commissioner.getByRole('heading', { level: 2, name: /^Reports: / })).toBeVisible();
  await expect(commissioner.getByText(/Counts under 5 are shown as “<5”/)).toBeVisible();
  await expect(commissioner.getByRole('link', { name: /^C-/ })).toHaveCount(0);
  await expect(commissioner.getByRole('heading', { name: /Home Office return/ })).toHaveCount(0);
});
