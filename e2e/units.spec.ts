import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, crewTablet, operatorWithCard } from './support/session';

test.afterEach(closeContexts);

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 7)}`;

test('[UNITS] the operator dispatches ST1 from the card; the crew accepts on a tablet; status and SOS reach the operator', async ({
  browser,
}) => {
  const summary = unique('Man shouting at traffic, needs street triage');
  const { operator, dispatch } = await operatorWithCard(browser, summary, unique('Ring road roundabout'));
  const { page: nurse, controls } = await crewTablet(browser, 'triage-clinician');

  await dispatch.getByLabel('Dispatch a unit').selectOption({ label: 'ST1 — Available' });
  await dispatch.getByRole('button', { name: 'Dispatch', exact: true }).click();
  await expect(dispatch.getByRole('timer', { name: 'ST1 must accept within' })).toBeVisible();

  await controls.getByRole('button', { name: 'Accept dispatch' }).tap();
  await expect(dispatch).toContainText(/\baccepted \d\d:\d\d/);
  await expect(nurse.getByRole('heading', { level: 2, name: summary })).toBeVisible();
  // The header says what the crew is doing, in one line.
  await expect(controls.getByRole('heading', { name: 'ST1 · Accepted — set off' })).toBeVisible();

  await controls.getByRole('button', { name: 'En route' }).tap();
  await expect(dispatch).toContainText('En route');
  await controls.getByRole('button', { name: 'On scene' }).tap();
  await expect(dispatch).toContainText('On scene');

  // One tap arms SOS; a second tap on the same spot (a double tap, a glove's bounce) lands on Cancel.
  const sosButton = controls.getByRole('button', { name: 'SOS', exact: true });
  const spot = (await sosButton.boundingBox())!;
  await sosButton.tap();
  await nurse.touchscreen.tap(spot.x + spot.width / 2, spot.y + spot.height / 2);
  await expect(sosButton).toBeVisible();
  await expect(operator.getByText('SOS from ST1')).toBeHidden();
  // Only a deliberate second step sends it.
  await sosButton.tap();
  await controls.getByRole('button', { name: 'Send SOS now' }).tap();
  const alert = operator.getByRole('alert').filter({ hasText: 'SOS from ST1' });
  await expect(alert).toBeVisible();
  for (const page of [operator, nurse]) {
    await expectAccessible(page);
  }
  await expect(controls.getByRole('alert')).toContainText('not yet acknowledged by the hub');
  await alert.getByRole('button', { name: /^Acknowledge SOS from ST1/ }).click();
  await expect(alert).toBeHidden();
  // The crew learn, live, that the hub has it and who.
  await expect(controls.getByRole('status').filter({ hasText: 'SOS received by the hub' })).toContainText(
    /acknowledged by Olu Adeyemi at \d\d:\d\d/,
  );
  await expect(controls.getByRole('button', { name: 'SOS', exact: true })).toBeVisible();

  // Clear, so the demo unit is free for the next test.
  await controls.getByRole('button', { name: 'Clear' }).tap();
  await controls.getByRole('button', { name: 'Yes, clear' }).tap();
  await expect(nurse.getByText('No job. The control room will dispatch you here.')).toBeVisible();
});
