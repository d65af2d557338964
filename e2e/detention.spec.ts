import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, createCard, logIn, newContext } from './support/session';

test.afterEach(closeContexts);

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 7)}`;
const MIN = 60_000;

test('[MHA][S136] an officer records a detention on a tablet; the duty manager watches the clocks, and the handover turns amber then red', async ({
  browser,
}) => {
  const tablet = await newContext(browser, { viewport: { width: 800, height: 1280 } });
  const officer = await tablet.newPage();
  await logIn(officer, 'police-officer');
  const summary = unique('Man on the bridge, detained under s136');
  await createCard(officer, summary, unique('Castle Bridge steps'));

  await officer.getByRole('button', { name: 'Record s136 / s135 detention' }).click();
  const detain = officer.getByRole('dialog', { name: 'Record a detention' });
  await detain.getByLabel('Name', { exact: true }).fill('Tess Marlow');
  await detain.getByRole('button', { name: 'Record detention' }).click();
  await expect(detain).toBeHidden();
  await expect(officer.getByRole('timer', { name: 'Detention clock' })).toContainText('starts on arrival');

  await officer.getByRole('button', { name: 'Choose place of safety' }).click();
  const place = officer.getByRole('dialog', { name: 'Choose the place of safety' });
  // A place outside the registry can still be typed, and is recorded as such (R-POS-REGISTRY).
  await place.getByRole('radio', { name: 'Another place, not in the registry' }).check();
  await place.getByLabel('Name of the place').fill('St Jude’s clinic');
  await place.getByRole('button', { name: 'Save place of safety' }).click();
  await expect(place).toBeHidden();
  await expect(officer.getByText('not in the registry')).toBeVisible();
  await officer.getByRole('button', { name: 'Record arrival' }).click();
  await officer
    .getByRole('dialog', { name: 'Arrival at the place of safety' })
    .getByRole('button', { name: 'Record arrival' })
    .click();
  await expect(officer.getByRole('timer', { name: 'Detention' })).toContainText(/23:5\d:\d\d left/);

  // The duty manager's screen runs on a clock the test can move forward.
  const board = await newContext(browser);
  await board.clock.install({ time: new Date() });
  const manager = await board.newPage();
  await logIn(manager, 'duty-manager');
  await manager.getByRole('link', { name: /Detentions/ }).click();
  const row = manager.getByRole('listitem').filter({ hasText: summary });
  const detention = row.getByRole('timer', { name: 'Detention' });
  await expect(detention).toContainText(/23:5\d:\d\d left/);
  const first = await detention.locator('.clock-value').textContent();
  await board.clock.runFor(3000);
  await expect(detention.locator('.clock-value')).not.toHaveText(first ?? '');

  await row.getByRole('link').click();
  const handover = manager.getByRole('timer', { name: 'Police handover' });
  await expect(handover).toHaveAttribute('data-state', 'ok');
  await board.clock.setSystemTime(Date.now() + 46 * MIN);
  await board.clock.runFor(1500);
  await expect(handover).toHaveAttribute('data-state', 'amber');
  await board.clock.setSystemTime(Date.now() + 62 * MIN);
  await board.clock.runFor(1500);
  await expect(handover).toHaveAttribute('data-state', 'red');
  await expect(handover).toContainText('overdue');

  // The legal clocks in their alarm colours still meet WCAG 2.2 AA.
  await expectAccessible(manager);

  // Ending it (the duty manager, at the place of safety's word): no outcome is chosen for them; the button
  // waits for one.
  await manager.getByRole('button', { name: 'End detention' }).click();
  const end = manager.getByRole('dialog', { name: 'End the detention' });
  await expect(end.getByLabel('Outcome')).toHaveValue('');
  await expect(end.getByRole('button', { name: 'End detention' })).toBeDisabled();
  await end.getByLabel('Outcome').selectOption({ label: 'Informal admission' });
  await end.getByRole('button', { name: 'End detention' }).click();
  await expect(end).toBeHidden();
  await expect(manager.getByRole('timer', { name: 'Police handover' })).toBeHidden();
});

test('[MHA][R-POS-CHILD][R-POS-REGISTRY][R-LINK-RECEIVING] for a 16-year-old a police station cannot be chosen; the suite with an under-18 room is, and its staff see who is coming', async ({
  browser,
}) => {
  const tablet = await newContext(browser, { viewport: { width: 800, height: 1280 } });
  const page = await tablet.newPage();
  await logIn(page, 'police-officer');
  const summary = unique('Teenager in distress at the station');
  await createCard(page, summary, unique('Railway station concourse'), {
    ageYears: 16,
  });
  // The suite's staff keep their phone open on their service page.
  const phone = await newContext(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
  const suiteStaff = await phone.newPage();
  await logIn(suiteStaff, 'pos-staff');
  const incoming = suiteStaff.getByRole('region', { name: /^Incoming/ });
  await expect(incoming).toBeVisible();

  await page.getByRole('button', { name: 'Record s136 / s135 detention' }).click();
  await page
    .getByRole('dialog', { name: 'Record a detention' })
    .getByLabel('Name', { exact: true })
    .fill('Tess Marlow');
  await page.getByRole('button', { name: 'Record detention' }).click();
  await page.getByRole('button', { name: 'Choose place of safety' }).click();
  const place = page.getByRole('dialog', { name: 'Choose the place of safety' });
  await expect(place.getByRole('radio', { name: /Police station/ })).toBeDisabled();
  await expect(place.getByText('can never be a place of safety for someone under 18')).toBeVisible();
  // The registry offers the suites with their under-18 rooms; the adult-only suite is not available.
  await expect(place.getByText('Under-18 room needed')).toBeVisible();
  await expect(place.getByRole('radio', { name: /Kestrel Vale General s136 Suite.*no under-18 room/ })).toBeDisabled();
  await place.getByRole('radio', { name: /Willowbank s136 Suite.*under-18 room free/ }).check();
  await place.getByLabel('Expected arrival in (minutes, optional)').fill('20');
  await place.getByRole('button', { name: 'Save place of safety' }).click();
  await expect(place).toBeHidden();
  await expect(page.getByText(/Willowbank s136 Suite \(Health-based place of safety.*under-18 room/)).toBeVisible();

  // Without a reload, the suite's phone shows the child coming, who is bringing them and when.
  const item = incoming.getByRole('listitem').filter({ hasText: summary });
  await expect(item).toContainText('Expected');
  await expect(item).toContainText('Under 18');
  await expect(item).toContainText('brought by');
  await expect(item).toContainText(/expected \d\d:\d\d/);
  await expect(item.getByRole('timer', { name: 'Detention clock' })).toContainText('starts on arrival');
  await expectAccessible(suiteStaff);
});

test('[MHA][ALERTS] the duty manager sees unacknowledged alerts in the header and acknowledges one', async ({
  page,
}) => {
  await logIn(page, 'duty-manager');
  const bell = page.getByRole('button', { name: /alerts? to acknowledge/ });
  await expect(bell).toBeVisible();
  const before = Number(/(\d+)/.exec((await bell.textContent()) ?? '')?.[1]);
  // The bell lists every open alert, most pressing first; each opens its card, where it can be acknowledged.
  await bell.click();
  const list = page.getByRole('list', { name: 'Open alerts' });
  await expect(list.getByRole('link')).toHaveCount(before);
  await list.getByRole('link').first().click();
  await expect(list).toBeHidden();
  await page.getByRole('list', { name: 'Alerts' }).getByRole('button', { name: 'Acknowledge' }).first().click();
  if (before === 1) await expect(page.getByText('No alerts', { exact: true })).toBeVisible();
  else await expect(page.getByRole('button', { name: new RegExp(`^${before - 1} alert`) })).toBeVisible();
});
