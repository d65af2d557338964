import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, consoleFor, crewTablet, logIn, newContext, operatorWithCard } from './support/session';

test.afterEach(closeContexts);

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 7)}`;
const MIN = 60_000;

test('[ALERTS] R-ALERT-SEVERITY, R-ALERT-QUEUE, R-ALERT-MUTE: an SOS is a red banner on the operator’s and the duty manager’s consoles, its card first in the queue; the sound can be muted for an hour, visibly; acknowledging clears it everywhere and the crew see who', async ({
  browser,
}) => {
  const summary = unique('Woman on the multi-storey roof, crew asked for');
  const { operator, dispatch } = await operatorWithCard(browser, summary, unique('Castle Street car park'));
  // The operator's console runs on a clock the test can move, to watch the mute end by itself.
  await operator.clock.install({ time: new Date() });
  await operator.reload();
  const manager = await consoleFor(browser, 'duty-manager');
  const { page: nurse, controls } = await crewTablet(browser, 'triage-clinician');

  await dispatch.getByLabel('Dispatch a unit').selectOption({ label: 'ST1 — Available' });
  await dispatch.getByRole('button', { name: 'Dispatch', exact: true }).click();
  await controls.getByRole('button', { name: 'Accept dispatch' }).tap();
  await expect(dispatch).toContainText(/\baccepted \d\d:\d\d/);
  const caseId = new URL(operator.url()).pathname.split('/').pop()!;
  const { card } = (await (await operator.request.get(`/api/v1/cases/${caseId}`)).json()) as { card: { ref: string } };
  const ref = card.ref;

  await controls.getByRole('button', { name: 'SOS', exact: true }).tap();
  await controls.getByRole('button', { name: 'Send SOS now' }).tap();

  // Live on both hub consoles: a red banner naming the unit and the job.
  for (const page of [operator, manager]) {
    const banner = page.getByRole('alert', { name: 'Critical alerts' });
    await expect(banner).toContainText(`SOS from ST1 on ${ref}`);
    await expect(banner.getByRole('link', { name: `Open ${ref}` })).toBeVisible();
    // Its card is first in the queue, with a red SOS chip.
    const first = page.locator('ol.queue > li').first();
    await expect(first).toContainText(ref);
    await expect(first.locator('.badge.critical')).toHaveText('SOS');
  }
  await expectAccessible(operator);

  // Muting is visible on this console, with its time, and says an SOS still sounds.
  await operator.getByRole('button', { name: 'Mute sound' }).click();
  const muted = operator.getByRole('status').filter({ hasText: /Sound muted on this device \d\d:\d\d–\d\d:\d\d/ });
  await expect(muted).toHaveAttribute('title', /an SOS still sounds/);

  // The duty manager acknowledges: it goes from every console, and the crew see who.
  await manager
    .getByRole('alert', { name: 'Critical alerts' })
    .getByRole('button', { name: `Acknowledge SOS from ST1 on ${ref}` })
    .click();
  for (const page of [operator, manager])
    await expect(page.getByRole('alert', { name: 'Critical alerts' })).toBeHidden();
  await expect(controls.getByRole('status').filter({ hasText: 'SOS received by the hub' })).toContainText(
    /acknowledged by .+ at \d\d:\d\d/,
  );

  // An hour later the mute has ended by itself.
  await operator.clock.setSystemTime(Date.now() + 61 * MIN);
  await operator.clock.runFor(1500);
  await expect(muted).toBeHidden();
  await expect(operator.getByRole('button', { name: 'Mute sound' })).toBeVisible();

  // Clear, so the demo unit is free for the next test.
  await controls.getByRole('button', { name: 'En route' }).tap();
  await controls.getByRole('button', { name: 'Clear' }).tap();
  await controls.getByRole('button', { name: 'Yes, clear' }).tap();
  await expect(nurse.getByText('No job. The control room will dispatch you here.')).toBeVisible();
});

test('[ALERTS][MHA] R-ALERT-SEVERITY, R-ALERT-QUEUE: a detention past its time limit is a red banner on the operator’s and duty manager’s consoles, first in the queue and on the wall board, live; the duty manager acknowledges it and it clears everywhere, with their name on the card', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const location = unique('Riverside walk, by the weir');
  const { operator } = await operatorWithCard(browser, unique('Man detained by the weir'), location);
  const caseId = new URL(operator.url()).pathname.split('/').pop()!;
  const manager = await consoleFor(browser, 'duty-manager');
  const wall = await newContext(browser, { viewport: { width: 1920, height: 1080 } });
  const board = await wall.newPage();
  await logIn(board, 'board');

  // An officer records a detention made 25 hours ago, kept at the place of safety since: its clock has run out.
  const officer = await consoleFor(browser, 'police-officer');
  const { card } = (await (await officer.request.get(`/api/v1/cases/${caseId}`)).json()) as {
    card: { ref: string; version: number };
  };
  const detained = await officer.request.post(`/api/v1/cases/${caseId}/detention`, {
    data: {
      commandId: crypto.randomUUID(),
      expectedVersion: card.version,
      power: 's136',
      officer: { name: 'PC Dale Hurst', collarNumber: '4471' },
      decidedAt: new Date(Date.now() - 25 * 3_600_000).toISOString(),
      place: 'public-place',
      consultation: { kind: 'not-practicable', reason: 'Radio down, no clinician reachable at the time' },
      keptAtPlaceOfSafety: true,
    },
  });
  expect(detained.status()).toBeLessThan(300);

  // The detention job raises the breach within its 15 s round: on both consoles, in red, naming the card.
  for (const page of [operator, manager]) {
    const banner = page.getByRole('alert', { name: 'Critical alerts' });
    await expect(banner).toContainText(`${card.ref}: Detention period expired`, { timeout: 20_000 });
    const first = page.locator('ol.queue > li').first();
    await expect(first).toContainText(card.ref);
    await expect(first.locator('.badge.critical')).toHaveText('Time limit passed');
  }
  const strip = board.getByRole('region', { name: 'Alerts' });
  await expect(strip).toContainText(`Time limit passed · ${card.ref}`, { timeout: 20_000 });

  await manager
    .getByRole('alert', { name: 'Critical alerts' })
    .getByRole('button', { name: new RegExp(`^Acknowledge ${card.ref}: Detention period expired`) })
    .click();
  for (const page of [operator, manager]) {
    await expect(page.getByRole('alert', { name: 'Critical alerts' }).filter({ hasText: card.ref })).toHaveCount(0);
  }
  await expect(strip).not.toContainText(`Time limit passed · ${card.ref}`, { timeout: 20_000 });
  await expect(operator.locator('.timeline li').filter({ hasText: 'Alert acknowledged' })).toContainText(
    'Morgan Ellery',
  );
});
