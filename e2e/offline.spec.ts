import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, crewTablet, operatorWithCard } from './support/session';

test.afterEach(closeContexts);

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 7)}`;
const waitingCount = (page: Page) => page.getByTestId('waiting-count');

async function loseSignal(tablet: BrowserContext, page: Page) {
  await tablet.setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
}

/** Clear, so the demo unit is free for the next test. */
async function clearUnit(page: Page, controls: Locator) {
  await controls.getByRole('button', { name: 'Clear' }).tap();
  await expect(page.getByText('No job. The control room will dispatch you here.')).toBeVisible();
}

/** The operator opens a card and dispatches ST1; the nurse accepts on the tablet. */
async function acceptedDispatch(browser: Browser) {
  const summary = unique('Woman on the footbridge, street triage asked for');
  const { operator, dispatch } = await operatorWithCard(browser, summary, unique('Canal footbridge'));
  const { tablet, page: nurse, controls } = await crewTablet(browser, 'triage-clinician');

  await dispatch.getByLabel('Dispatch a unit').selectOption({ label: 'ST1 — Available' });
  await dispatch.getByRole('button', { name: 'Dispatch' }).click();
  await controls.getByRole('button', { name: 'Accept dispatch' }).tap();
  // The acceptance has reached the hub ("accepted 20:14"; "not accepted yet" does not match).
  await expect(dispatch).toContainText(/\baccepted \d\d:\d\d/);
  await expect(nurse.getByRole('heading', { level: 2, name: summary })).toBeVisible();
  await expect(waitingCount(nurse)).toHaveAttribute('data-count', '0');
  return { operator, tablet, nurse, controls, dispatch };
}

test('[OFFLINE] S-25: without signal the tablet keeps a status and a note; back online the operator sees both, in order, once each', async ({
  browser,
}) => {
  const { operator, tablet, nurse, controls, dispatch } = await acceptedDispatch(browser);

  await loseSignal(tablet, nurse);
  await expect(controls.getByText('No signal: an SOS is sent only when the connection returns.')).toBeVisible();

  await controls.getByRole('button', { name: 'En route' }).tap();
  await expect(controls.getByRole('heading', { name: /ST1 · En route/ })).toContainText('not sent yet');
  const note = unique('Found her by the lock gates, talking, agreed to sit down');
  await nurse.getByLabel('Add a note').fill(note);
  await nurse.getByRole('button', { name: 'Add note' }).tap();
  await expect(nurse.getByLabel('Add a note')).toHaveValue('');
  await expect(nurse.locator('.timeline li.not-sent')).toContainText(note);
  await expect(waitingCount(nurse)).toHaveAttribute('data-count', '2');

  // Nothing has reached the control room yet.
  const caseId = new URL(operator.url()).pathname.split('/').pop();
  const intervalsNow = async () =>
    (await (await operator.request.get(`/api/v1/cases/${caseId}/intervals`)).json()) as { enRoute: string | null };
  expect((await intervalsNow()).enRoute).toBeNull();
  await expect(operator.locator('.timeline')).not.toContainText(note);

  const backOnline = new Date().toISOString();
  await tablet.setOffline(false);
  await expect(waitingCount(nurse)).toHaveAttribute('data-count', '0', { timeout: 15_000 });
  await expect(dispatch).toContainText('En route');
  await expect(operator.locator('.timeline li').filter({ hasText: note })).toHaveCount(1);
  await expect(nurse.locator('.timeline li').filter({ hasText: note })).toHaveCount(1);
  await expect(nurse.locator('.timeline li.not-sent')).toHaveCount(0);
  await expect(controls.getByRole('heading', { name: /ST1 · En route/ })).not.toContainText('not sent yet');

  // In the order they were made: the unit set off before the note was written, and the stamp says
  // when it set off, not when the signal came back.
  const intervals = await intervalsNow();
  const card = (await (await operator.request.get(`/api/v1/cases/${caseId}`)).json()) as {
    timeline: { at: string; text: string }[];
  };
  const noted = card.timeline.filter((e) => e.text.includes(note));
  expect(noted).toHaveLength(1);
  expect(intervals.enRoute! < noted[0]!.at).toBe(true);
  expect(intervals.enRoute! < backOnline).toBe(true);

  await clearUnit(nurse, controls);
});

test('[OFFLINE] S-25: a change kept offline survives closing the app; it opens without signal and sends on start', async ({
  browser,
}) => {
  const { tablet, nurse, controls, dispatch } = await acceptedDispatch(browser);
  // The app shell is kept once the service worker is installed.
  await nurse.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });

  await loseSignal(tablet, nurse);
  await controls.getByRole('button', { name: 'En route' }).tap();
  await expect(waitingCount(nurse)).toHaveAttribute('data-count', '1');

  await nurse.reload();
  await expect(nurse.getByRole('heading', { name: 'No connection to Concordat' })).toBeVisible();
  await expect(nurse.getByTestId('offline-start-waiting')).toHaveText(
    '1 change is kept on this device and will be sent when the connection returns.',
  );
  await expectAccessible(nurse);

  await tablet.setOffline(false);
  await expect(dispatch).toContainText('En route', { timeout: 15_000 });
  await expect(waitingCount(nurse)).toHaveAttribute('data-count', '0');
  await clearUnit(nurse, controls);
});

test('[OFFLINE] S-25: a kept change that conflicts with one made meanwhile is put to the nurse, not applied or dropped', async ({
  browser,
}) => {
  const { tablet, nurse, controls, dispatch } = await acceptedDispatch(browser);
  const { controls: officerControls } = await crewTablet(browser, 'police-officer');

  await loseSignal(tablet, nurse);
  await controls.getByRole('button', { name: 'En route' }).tap();
  // Meanwhile her colleague, with signal, records the same unit as en route and then on scene.
  await officerControls.getByRole('button', { name: 'En route' }).tap();
  await officerControls.getByRole('button', { name: 'On scene' }).tap();
  await expect(dispatch).toContainText('On scene');

  await tablet.setOffline(false);
  const decision = nurse.getByRole('alert').filter({ hasText: 'A change you made was not applied' });
  await expect(decision).toContainText('Status: En route');
  await expect(waitingCount(nurse)).toHaveAttribute('data-count', '0');
  // The colleague's later status stands; the nurse sees it before deciding.
  await expect(controls.getByRole('heading', { name: /ST1 · On scene/ })).toBeVisible();
  await expect(dispatch).toContainText('On scene');

  await expectAccessible(nurse);

  await decision.getByRole('button', { name: 'Discard my change' }).tap();
  await expect(decision).toBeHidden();
  await expect(dispatch).toContainText('On scene');
  await clearUnit(nurse, controls);
});
