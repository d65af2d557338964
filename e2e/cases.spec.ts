import { expect, test } from '@playwright/test';
import { closeContexts, consoleFor, createCard, logIn, logOut, newContext } from './support/session';

test.afterEach(closeContexts);

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 7)}`;

test('[CASES][LIVE] a card created by the operator appears for the duty manager without reload', async ({
  browser,
}) => {
  const operator = await consoleFor(browser, 'operator');
  const manager = await consoleFor(browser, 'duty-manager');
  const summary = unique('Caller at the bus station, very distressed');

  await createCard(operator, summary);

  await expect(manager.getByRole('link', { name: new RegExp(summary) })).toBeVisible({ timeout: 2_000 });
});

test('[CASES][LIVE] an edit shows in both consoles', async ({ browser }) => {
  const operator = await consoleFor(browser, 'operator');
  const manager = await consoleFor(browser, 'duty-manager');
  const summary = unique('Edit me');
  await createCard(operator, summary);
  await manager.getByRole('link', { name: new RegExp(summary) }).click();

  const edited = unique('Edited summary');
  await operator.getByRole('button', { name: 'Edit card' }).click();
  await operator.getByRole('form', { name: 'Edit card' }).getByLabel('Situation').fill(edited);
  await operator.getByRole('button', { name: 'Save changes' }).click();

  await expect(operator.getByRole('heading', { level: 2, name: edited })).toBeVisible();
  await expect(manager.getByRole('heading', { level: 2, name: edited })).toBeVisible();
  await expect(manager.getByRole('link', { name: new RegExp(edited) })).toBeVisible();
});

test('[CASES][PRESENCE] who views a card shows when someone moves straight to it from another card, and clears when they move on', async ({
  browser,
}) => {
  const operator = await consoleFor(browser, 'operator');
  const manager = await consoleFor(browser, 'duty-manager');
  const first = unique('First of two cards');
  const second = unique('Second of two cards');
  await createCard(operator, first);
  await createCard(operator, second);
  await manager.getByRole('link', { name: new RegExp(first) }).click();
  await expect(manager.getByRole('heading', { level: 2, name: first })).toBeVisible();
  await expect(manager.getByText('Also viewing')).toBeHidden();
  const editButton = manager.getByRole('button', { name: 'Edit card' });
  const buttonTop = async () => (await editButton.boundingBox())?.y;
  const topAlone = await buttonTop();

  // From the second card straight to the first, through the queue beside it: a leave and a view at once.
  await operator.getByRole('link', { name: new RegExp(first) }).click();
  await expect(operator.getByRole('heading', { level: 2, name: first })).toBeVisible();
  await expect(manager.getByText('Also viewing')).toBeVisible();
  // Someone arriving does not move the buttons under the manager's pointer.
  expect(await buttonTop()).toBe(topAlone);

  await operator.getByRole('link', { name: new RegExp(second) }).click();
  await expect(operator.getByRole('heading', { level: 2, name: second })).toBeVisible();
  await expect(manager.getByText('Also viewing')).toBeHidden();
});

test('[CASES][CONFLICT] a conflicting edit shows the conflict dialog and nothing is overwritten silently', async ({
  browser,
}) => {
  const operator = await consoleFor(browser, 'operator');
  const manager = await consoleFor(browser, 'duty-manager');
  const summary = unique('Two editors');
  await createCard(operator, summary);
  await manager.getByRole('link', { name: new RegExp(summary) }).click();

  // The operator starts editing; meanwhile the duty manager changes the same field and saves first.
  await operator.getByRole('button', { name: 'Edit card' }).click();
  await manager.getByRole('button', { name: 'Edit card' }).click();
  const managersText = unique('Manager’s version');
  await manager.getByRole('form', { name: 'Edit card' }).getByLabel('Situation').fill(managersText);
  await manager.getByRole('button', { name: 'Save changes' }).click();
  await expect(operator.getByText('Also viewing')).toBeVisible();

  const operatorsText = unique('Operator’s version');
  await operator.getByRole('form', { name: 'Edit card' }).getByLabel('Situation').fill(operatorsText);
  await operator.getByRole('button', { name: 'Save changes' }).click();

  const dialog = operator.getByRole('dialog', { name: 'This card changed while you were working on it' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Morgan Ellery');
  await expect(dialog).toContainText('changed situation');
  await dialog.getByRole('button', { name: 'Apply my change on top' }).click();

  await expect(manager.getByRole('heading', { level: 2, name: operatorsText })).toBeVisible();
});

test('[CASES][REDACTION] a police officer sees the card but not clinical notes or concerns', async ({ browser }) => {
  const operator = await consoleFor(browser, 'operator');
  const police = await consoleFor(browser, 'police-officer');
  const location = unique('Under the ring-road bridge');
  await createCard(operator, unique('Police can act on this'), location);
  await operator.getByLabel('Add a note').fill('Clinical history: lithium, previous admissions');
  await operator.getByRole('button', { name: 'Add note' }).click();
  // Kept, sent and applied: the box empties, then the line is on the timeline (not "waiting to send").
  await expect(operator.getByLabel('Add a note')).toHaveValue('');
  await expect(operator.getByText('waiting to send')).toHaveCount(0);
  await expect(operator.getByText('Clinical history: lithium, previous admissions')).toBeVisible();
  await operator.getByLabel('Add a note').fill('Approach quietly from the car park');
  await operator.getByLabel('Shared with').selectOption('all-agencies');
  await operator.getByRole('button', { name: 'Add note' }).click();
  await expect(operator.getByLabel('Add a note')).toHaveValue('');
  await expect(operator.getByText('waiting to send')).toHaveCount(0);
  await expect(operator.getByText('Approach quietly from the car park')).toBeVisible();
  // H-075: sharing one note with every agency does not share the next; the choice is back to clinical.
  await expect(operator.getByLabel('Shared with')).toHaveValue('clinical');
  await operator.getByLabel('Add a note').fill('Next clinical note: overdose risk reviewed');
  await operator.getByRole('button', { name: 'Add note' }).click();
  await expect(operator.getByLabel('Add a note')).toHaveValue('');
  await expect(operator.getByText('waiting to send')).toHaveCount(0);
  await expect(operator.getByText('Next clinical note: overdose risk reviewed')).toBeVisible();

  await police.getByRole('link', { name: new RegExp(location) }).click();
  await expect(police.getByText('Approach quietly from the car park')).toBeVisible();
  await expect(police.getByText('overdose risk reviewed')).toHaveCount(0);
  // The situation line is for every agency; the card says what is withheld, and why.
  await expect(police.getByRole('heading', { level: 2, name: /Police can act on this/ })).toBeVisible();
  await expect(police.getByText(/Not shared with your role .*presenting concerns/)).toBeVisible();
  await expect(police.getByText('lithium')).toHaveCount(0);
  await expect(police.getByText('clinical detail for clinicians only')).toHaveCount(0);
});

test('[CASES][R-IG-BREAKGLASS] an officer opens withheld details with a reason; the duty manager is alerted and reviews it', async ({
  browser,
}) => {
  const operator = await consoleFor(browser, 'operator');
  const police = await consoleFor(browser, 'police-officer');
  const manager = await consoleFor(browser, 'duty-manager');
  const location = unique('Flat 4, Gas Street');
  await createCard(operator, unique('Man barricaded in his flat'), location);

  await police.getByRole('link', { name: new RegExp(location) }).click();
  await expect(police.getByText('clinical detail for clinicians only')).toHaveCount(0);
  await police.getByRole('button', { name: 'Open withheld details (break-glass)…' }).click();
  const dialog = police.getByRole('dialog', { name: 'Open withheld details (break-glass)' });
  await dialog.getByLabel('Why do you need it?').fill('Officers at the door; need to know his history before entry');
  await dialog.getByRole('button', { name: 'Open withheld details' }).click();
  await expect(police.getByText('clinical detail for clinicians only')).toBeVisible();
  await expect(police.getByText(/withheld details under break-glass until/)).toBeVisible();

  // The duty manager's bell counts it (and lists it with the rest); on the card the use waits for review.
  await expect(manager.getByRole('button', { name: /alerts? to acknowledge/ })).toBeVisible();
  await manager.getByRole('link', { name: new RegExp(location) }).click();
  const uses = manager.getByRole('region', { name: 'Break-glass uses' });
  await expect(uses).toContainText('need to know his history before entry');
  await expect(uses).toContainText('awaiting review');
  const review = uses.getByRole('form', { name: 'Review this break-glass use' });
  await review.getByLabel('Note').fill('Entry was imminent; proportionate');
  await review.getByRole('button', { name: 'Record review' }).click();
  await expect(uses).toContainText('Justified (Morgan Ellery): Entry was imminent; proportionate');
});

test('[AUTH][LOGOUT] logging out disconnects the live view in every tab of that session', async ({ browser }) => {
  const context = await newContext(browser);
  const first = await context.newPage();
  await logIn(first, 'operator');
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

  await logOut(first);

  await expect(first.getByRole('button', { name: 'Log in' })).toBeVisible();
  await expect(second.getByRole('button', { name: 'Log in' })).toBeVisible();
  await expect(second.getByText(/logged out|session has ended/)).toBeVisible();
});

test('[CASES][EDIT] details learned mid-call are added to the card, with the NHS number checked', async ({
  browser,
}) => {
  const operator = await consoleFor(browser, 'operator');
  const manager = await consoleFor(browser, 'duty-manager');
  const summary = unique('Caller gives their name later');
  await createCard(operator, summary);
  await manager.getByRole('link', { name: new RegExp(summary) }).click();

  await operator.getByRole('button', { name: 'Edit card' }).click();
  const form = operator.getByRole('form', { name: 'Edit card' });
  await form.getByLabel('Name (leave blank if unknown)').fill('Robin Vale');
  await form.getByLabel('NHS number (optional)').fill('943 476 5918');
  await operator.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByText('Not a valid NHS number')).toBeVisible();

  await form.getByLabel('NHS number (optional)').fill('943 476 5919');
  await operator.getByRole('button', { name: 'Save changes' }).click();
  await expect(manager.getByText('Robin Vale', { exact: false }).first()).toBeVisible();
  await expect(manager.getByText('943 476 5919')).toBeVisible();
});
