import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, consoleFor } from './support/session';

test.afterEach(closeContexts);

test('[SEARCH] R-SEARCH, R-PERSON-HISTORY, R-PERSON-LINK: the operator presses /, finds last week’s closed card by a surname spelt differently, and sees it on tonight’s card’s history strip', async ({
  browser,
}) => {
  const operator = await consoleFor(browser, 'operator');
  await operator.keyboard.press('/');
  const search = operator.getByRole('combobox', { name: 'Search cards' });
  await expect(search).toBeFocused();
  // Sam Kerr, spelt as heard on the phone.
  await search.fill('Carr');
  const results = operator.getByRole('listbox', { name: 'Search results' });
  const lastWeek = results.getByRole('option').filter({ hasText: 'Rent arrears' });
  await expect(lastWeek).toContainText('Closed');
  await expect(lastWeek).toContainText('Sam Kerr, born 12/04/1989');
  // Open cards come first: tonight's call is the first result.
  await expect(results.getByRole('option').first()).toContainText('Overwhelmed after eviction notice');
  await expectAccessible(operator);
  await lastWeek.click();
  const card = operator.getByRole('region', { name: 'Selected case' });
  await expect(card.getByRole('heading', { name: 'Rent arrears, low mood; agreed a safety plan' })).toBeVisible();
  await expect(card).toContainText('Outcome: Stayed at home with a safety plan');

  // Tonight's card: from the keyboard, Enter opens the best match.
  await operator.keyboard.press('/');
  await search.fill('kerr');
  await expect(results.getByRole('option').first()).toContainText('Overwhelmed after eviction notice');
  await search.press('Enter');
  await expect(card.getByRole('heading', { name: /Overwhelmed after eviction notice/ })).toBeVisible();
  const history = card.getByRole('list', { name: 'Previous contacts' });
  await expect(history).toContainText('Rent arrears, low mood; agreed a safety plan');
  await expect(history).toContainText('Stayed at home with a safety plan');
  await expect(history).toContainText('linked by NHS number');
  // A card from earlier in the month may be hers: the operator says it is not, and it is not suggested again.
  const maybe = card.getByRole('list', { name: 'Possibly the same person' }).getByRole('listitem');
  await expect(maybe).toContainText('Sam Ker');
  await expect(maybe).toContainText('same name and date of birth');
  await expectAccessible(operator);
  await maybe.getByRole('button', { name: 'Not the same person' }).click();
  await expect(card.getByRole('list', { name: 'Possibly the same person' })).toBeHidden();
  await expect(card.getByRole('region', { name: 'Timeline' })).toContainText(/Not the same person as C-/);

  // A police officer reads the same card's name, but an NHS number they are not shown finds nothing.
  const police = await consoleFor(browser, 'police-officer');
  await police.keyboard.press('/');
  const policeSearch = police.getByRole('combobox', { name: 'Search cards' });
  await policeSearch.fill('999 022 9651');
  await expect(police.getByRole('status').filter({ hasText: 'No cards found.' })).toBeVisible();
  await expect(police.getByRole('status').filter({ hasText: 'Searched:' })).not.toContainText('NHS number');
  await policeSearch.fill('Kerr');
  await expect(police.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toContainText(
    'Sam Kerr',
  );
});

test('[SEARCH] R-IG-AUDIT: a card’s record prints with who printed it and when, and the print is in the audit', async ({
  browser,
}) => {
  const operator = await consoleFor(browser, 'operator');
  await operator.keyboard.press('/');
  await operator.getByRole('combobox', { name: 'Search cards' }).fill('Kerr');
  await operator
    .getByRole('listbox', { name: 'Search results' })
    .getByRole('option')
    .filter({ hasText: 'Rent arrears' })
    .click();
  await operator.getByRole('link', { name: 'Print record' }).click();
  const record = operator.getByRole('article', { name: /Rent arrears/ });
  await expect(record).toContainText(/Printed by Olu Adeyemi \(Crisis-line operator\) on \d+ \w+ \d{4}/);
  await expect(record.getByRole('table')).toContainText('Card opened from Self-referral');
  await expectAccessible(operator);

  const lead = await consoleFor(browser, 'ig-lead');
  const ref = (await record.getByRole('heading', { level: 2 }).textContent())?.slice(0, 8) ?? '';
  await lead.getByRole('textbox', { name: 'Card' }).fill(ref);
  await lead.getByRole('button', { name: 'Search' }).click();
  await expect(lead.getByRole('row').filter({ hasText: 'Printed the record' }).first()).toContainText('Olu Adeyemi');
});

test('[SEARCH] R-HANDOVER: the handover page lists tonight’s open legal clocks, and a note saved there reaches the other console live', async ({
  browser,
}) => {
  const manager = await consoleFor(browser, 'duty-manager');
  await manager.getByRole('link', { name: 'Handover', exact: true }).click();
  const clocks = manager.getByRole('region', { name: /Legal clocks running/ });
  await expect(clocks).toContainText('Officers with a man on the footbridge');
  await expect(clocks.getByRole('timer').first()).toBeVisible();
  await expect(manager.getByRole('region', { name: /Open now/ })).toContainText('Overwhelmed after eviction notice');
  await expect(manager.getByRole('region', { name: /^Units/ })).toContainText('ST1');

  const operator = await consoleFor(browser, 'operator');
  await operator.goto('/handover');
  await expect(operator.getByRole('region', { name: 'For the next shift' })).toBeVisible();
  const note = `ST2 goes off at 21:00; C-call-back promised to Sam ${Math.random().toString(36).slice(2, 6)}`;
  await manager.getByLabel(/What the next shift must know/).fill(note);
  await manager.getByRole('button', { name: 'Save the note' }).click();
  await expect(operator.getByLabel(/What the next shift must know/)).toHaveValue(note);
  await expect(operator.getByRole('region', { name: 'For the next shift' })).toContainText('Saved by Morgan Ellery');
  await expectAccessible(manager);
});
