import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, crewTablet, logIn, newContext, operatorWithCard } from './support/session';

test.afterEach(closeContexts);

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 7)}`;

test('[LINKS][R-LINK-CLOSE] closing a card with a crew on it and a place held: the dialog says so, the tablet is stood down, the suite and the board follow, all without reload', async ({
  browser,
}) => {
  const summary = unique('Woman on the bridge railings, calmer now');
  const { operator, dispatch } = await operatorWithCard(browser, summary, unique('Kestrel Vale bridge'));
  const { page: nurse, controls } = await crewTablet(browser, 'triage-clinician');

  await dispatch.getByLabel('Dispatch a unit').selectOption({ label: 'ST1 — Available' });
  await dispatch.getByRole('button', { name: 'Dispatch', exact: true }).click();
  await controls.getByRole('button', { name: 'Accept dispatch' }).tap();
  await expect(dispatch).toContainText(/\baccepted \d\d:\d\d/);

  // The suite's staff keep their rooms current on a tablet at the nurses' station.
  const suiteTablet = await newContext(browser, { viewport: { width: 800, height: 1280 }, hasTouch: true });
  const suiteStaff = await suiteTablet.newPage();
  await logIn(suiteStaff, 'pos-staff');
  const suite = suiteStaff.getByRole('region', { name: 'Willowbank s136 Suite' });
  // The suite's staff see the card coming in their Incoming list (R-LINK-RECEIVING).
  const incoming = suiteStaff
    .getByRole('region', { name: /^Incoming/ })
    .getByRole('listitem')
    .filter({ hasText: summary });
  const wall = await newContext(browser, { viewport: { width: 1600, height: 1000 } });
  const board = await wall.newPage();
  await logIn(board, 'duty-manager');
  await board.goto('/board');
  const tile = board.getByTestId('suite-tile').filter({ hasText: 'Willowbank s136 Suite' });
  const free = tile.locator('.tile-figure strong').first();
  await expect(free).toBeVisible();
  const before = Number(await free.textContent());

  const finder = operator.getByRole('region', { name: 'Find a place' });
  const willowbank = finder
    .getByRole('list', { name: 'Places offered, least restrictive first' })
    .getByRole('listitem')
    .filter({ hasText: 'Willowbank s136 Suite' });
  await willowbank.getByRole('button', { name: 'Hold adult place' }).click();
  await expect(finder.getByRole('status')).toContainText('Place held at Willowbank s136 Suite');
  await expect(incoming.getByText('awaiting your answer')).toBeVisible();
  await expect(free).toHaveText(String(before - 1));

  await operator.getByRole('button', { name: 'Close case' }).click();
  const dialog = operator.getByRole('dialog', { name: 'Close case' });
  const live = dialog.getByRole('note', { name: 'Still live on this card' });
  await expect(live).toContainText('stand down ST1');
  await expect(live).toContainText('release the adult place held at Willowbank s136 Suite');
  // No outcome is chosen for the operator.
  await expect(dialog.getByLabel('Outcome')).toHaveValue('');
  await dialog.getByRole('button', { name: 'Close case, stand down and release' }).click();
  await expect(dialog.getByText('Choose an outcome', { exact: true })).toBeVisible();
  await dialog.getByLabel('Outcome').selectOption({ label: 'Stayed at home with a safety plan' });
  await dialog
    .getByLabel('Where the person went, or the safety net')
    .fill('Home with her partner; crisis line to call at 9');
  // Ctrl+Enter saves the dialog.
  await dialog.getByLabel('Where the person went, or the safety net').press('Control+Enter');
  await expect(dialog).toBeHidden();

  const notice = nurse.getByRole('alert').filter({ hasText: 'Stood down from' });
  await expect(notice).toContainText('by Olu Adeyemi');
  await expect(notice).toContainText('was closed');
  await expect(controls).toContainText('Available');
  await expect(incoming.getByText('awaiting your answer')).toBeHidden();
  await expect(suite.getByRole('status').filter({ hasText: 'is no longer coming' })).toContainText('was closed');
  await expect(free).toHaveText(String(before));

  await expectAccessible(nurse);
  await expectAccessible(suiteStaff);
  await notice.getByRole('button', { name: 'OK' }).tap();
  await expect(notice).toBeHidden();
});

test('[LINKS] Escape on a half-typed new card asks before discarding it', async ({ browser }) => {
  const desk = await newContext(browser, { viewport: { width: 1400, height: 1000 } });
  const operator = await desk.newPage();
  await logIn(operator, 'operator');
  await operator.keyboard.press('n');
  const dialog = operator.getByRole('dialog', { name: 'New case card' });
  await dialog.getByLabel('Situation').fill('Caller says her son has not eaten for days');
  await operator.keyboard.press('Escape');
  const prompt = dialog.getByRole('alertdialog', { name: 'Discard what you typed?' });
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Keep editing' }).click();
  await expect(dialog.getByLabel('Situation')).toHaveValue('Caller says her son has not eaten for days');
  await operator.keyboard.press('Escape');
  await prompt.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();
});
