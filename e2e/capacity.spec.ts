import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { closeContexts, createCard, logIn, newContext } from './support/session';

test.afterEach(closeContexts);

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 7)}`;

test('[CAPACITY] a café changes its places on a phone; the duty manager’s wall board follows without reload and marks stale figures', async ({
  browser,
}) => {
  const phone = await newContext(browser, { viewport: { width: 390, height: 844 }, hasTouch: true });
  const provider = await phone.newPage();
  await logIn(provider, 'provider');
  const cafe = provider.getByRole('region', { name: 'Harbour Lights Crisis Café' });
  const adultPlaces = cafe.getByRole('group', { name: 'Adult places' });
  await expect(adultPlaces.getByTestId('free-adult')).toBeVisible();

  const wall = await newContext(browser, { viewport: { width: 1600, height: 1000 } });
  const board = await wall.newPage();
  await logIn(board, 'duty-manager');
  await board.goto('/board');
  const tile = board.getByTestId('alternative-tile').filter({ hasText: 'Harbour Lights Crisis Café' });
  await expect(tile).toBeVisible();
  const before = Number(await tile.locator('.tile-figure strong').textContent());

  await adultPlaces.getByRole('button', { name: 'Place taken' }).tap();
  await expect(adultPlaces.getByTestId('free-adult')).toHaveText(String(before - 1));
  // The board was not reloaded: the change arrived over its live connection.
  await expect(tile.locator('.tile-figure strong')).toHaveText(String(before - 1));
  await expect(tile).toContainText('Confirmed under a minute ago');
  // Who confirmed it is on the services page; the board keeps to how old the figure is.
  await expect(cafe).toContainText('Confirmed under a minute ago by Ravi Castell');

  // Riverside Sanctuary's figure is past its freshness limit in the demo: decayed, and said in words.
  const stale = board.getByTestId('alternative-tile').filter({ hasText: 'Riverside Sanctuary' });
  await expect(stale).toHaveClass(/is-stale/);
  await expect(stale.getByTestId('stale')).toContainText('Stale: confirmed');
  await expect(board.getByTestId('opel')).toContainText('figure');

  await adultPlaces.getByRole('button', { name: 'Place freed' }).tap();
  await expect(tile.locator('.tile-figure strong')).toHaveText(String(before));

  await expectAccessible(board);
  await expectAccessible(provider);
});

test('[CAPACITY][R-LRO-1] the place finder never offers a 16-year-old an adult-only service, says why, and holds a place', async ({
  browser,
}) => {
  const context = await newContext(browser);
  const operator = await context.newPage();
  await logIn(operator, 'operator');
  await createCard(operator, unique('Sixteen-year-old at the station'), unique('Kestrel Vale rail station'), {
    ageYears: 16,
  });
  const finder = operator.getByRole('region', { name: 'Find a place' });
  await expect(finder.getByRole('group', { name: 'For age 16' })).toBeVisible();
  const offers = finder.getByRole('list', { name: 'Places offered, least restrictive first' });
  await expect(offers).not.toContainText('Harbour Lights Crisis Café');
  await expect(offers).not.toContainText('Kestrel Vale General s136 Suite');
  await expect(offers).not.toContainText('Custody');
  await finder.getByText(/services? left out, and why/).click();
  await expect(finder.getByText(/Harbour Lights Crisis Café: .*18\+ only/)).toBeVisible();
  await expect(finder.getByText(/Kestrel Vale General s136 Suite: .*18\+ only/)).toBeVisible();
  await expect(finder.getByText(/Custody Suite.*never offered/)).toBeVisible();

  // Willowbank has the area's only under-18 room.
  const willowbank = offers.getByRole('listitem').filter({ hasText: 'Willowbank s136 Suite' });
  await willowbank.getByRole('button', { name: 'Hold under-18 place' }).click();
  await expect(finder.getByRole('status')).toContainText('Place held at Willowbank s136 Suite');
  await finder.getByRole('button', { name: 'Release this place' }).click();
  await finder.getByLabel('Why is it no longer needed?').fill('Parent collected him');
  await finder.getByRole('button', { name: 'Release', exact: true }).click();
  await expect(finder.getByRole('status')).toBeHidden();
});
