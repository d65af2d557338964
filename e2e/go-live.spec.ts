import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expectAccessible } from './support/accessibility';
import { closeContexts, createCard, newContext } from './support/session';

/**
 * A new area goes live from an empty database without the demo, through its own screens only: the setup
 * link, the first administrator and their authenticator, organisations, fifty accounts and eight services
 * from spreadsheets, a unit and its crew, a wall board; then an operator's first login and a card the duty
 * manager sees live. The server is the suite's second one (CONCORDAT_DEMO=false, its own database).
 */
const BASE = process.env.E2E_GO_LIVE_URL ?? '';
const SETUP_TOKEN_FILE = join(dirname(process.env.E2E_GO_LIVE_DB ?? ''), 'setup-token');
const ADMIN_PASSWORD = 'violet kettle marching orbit';

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE });
test.afterEach(closeContexts);

/** The authenticator app: the current code for a secret read off the enrolment screen. */
const codeFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, '')) }).generate();

/** Scans the QR code (reads the key beside it), confirms a code, keeps the recovery codes. */
async function enrolAuthenticator(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Set up your authenticator app' })).toBeVisible();
  const secret = (await page.getByLabel('Key to type into the app').textContent()) ?? '';
  await page.getByLabel('Six-digit code the app now shows').fill(codeFor(secret));
  await page.getByRole('button', { name: 'Confirm code' }).click();
  await expect(page.getByRole('heading', { name: 'Keep your recovery codes' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await page.getByLabel('I have kept these codes somewhere safe').check();
  await page.getByRole('button', { name: 'Continue to Concordat' }).click();
}

/** An imported person's first login: the temporary password, their own password, their authenticator. */
async function firstLogin(page: Page, username: string, temporary: string, role: 'board' | 'personal' = 'personal') {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(temporary);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill(`${username} lantern harbour violet`);
  await page.getByLabel('New password again').fill(`${username} lantern harbour violet`);
  await page.getByRole('button', { name: 'Save password and continue' }).click();
  if (role === 'personal') await enrolAuthenticator(page);
}

async function deskFor(browser: Browser): Promise<Page> {
  const context = await newContext(browser, { viewport: { width: 1440, height: 900 } });
  return context.newPage();
}

const ORGANISATIONS = [
  { name: 'North Vale Constabulary', kind: 'Police force' },
  { name: 'North Vale Ambulance Service', kind: 'Ambulance service' },
  { name: 'Harbour Mind', kind: 'Voluntary or community organisation' },
];

/** Fifty staff, one of them with a role the area does not have (line 18: "nurse"). */
function staffCsv(withMistake: boolean): string {
  const named = [
    'olu,Olu Adeyemi,operator,North Vale Mental Health Trust',
    'morgan,Morgan Ellery,duty-manager,North Vale Mental Health Trust',
    'tess,Tess Marlow (RMN),Street-triage clinician,North Vale Mental Health Trust',
    'dan,PC Dan Hollis,police-officer,North Vale Constabulary',
    'ade,Ade Okafor (AMHP),amhp,North Vale Mental Health Trust',
    'gwen,Gwen Fairley,pos-staff,North Vale Mental Health Trust',
    'ravi,Ravi Castell,provider,Harbour Mind',
  ];
  const roles = ['operator', 'triage-clinician', 'police-officer', 'ambulance-clinician'];
  const more = Array.from({ length: 43 }, (_, i) => {
    const role = roles[i % roles.length] ?? 'operator';
    const org =
      role === 'police-officer'
        ? 'North Vale Constabulary'
        : role === 'ambulance-clinician'
          ? 'North Vale Ambulance Service'
          : 'North Vale Mental Health Trust';
    return `staff${String(i + 1).padStart(2, '0')},"Staff ${i + 1}, Night shift",${i === 9 && withMistake ? 'nurse' : role},${org}`;
  });
  return ['username,display_name,role,organisation', ...named, ...more].join('\n');
}

const SERVICES_CSV = [
  'name,kind,organisation,address,latitude,longitude,phone,hours,min_age,max_age,referral_routes,accepts_s136,accepts_intoxicated,excludes_urgent_medical_need,access_notes,adult_places,under18_places',
  'Harbour Crisis Café,A21,Harbour Mind,"2 Quay Street, North Vale",52.41,-1.51,01632 960201,Mon-Fri 18:00-23:00; Sat-Sun 12:00-23:00,18,,self-referral|walk-in,no,no,yes,,6,0',
  'Lantern Safe Haven,A21,Harbour Mind,14 Mill Lane,52.42,-1.50,01632 960202,Fri-Sun 18:00-02:00,16,,self-referral|walk-in,no,no,yes,,4,0',
  'Elm House,A25,North Vale Mental Health Trust,9 Elm Road,,,01632 960203,24/7,18,,professional-referral,no,no,yes,,5,0',
  'Willowbank s136 Suite,A20,North Vale Mental Health Trust,Willowbank Hospital,52.40,-1.52,01632 960204,24/7,,,professional-referral,yes,yes,no,,2,1',
  'General Hospital s136 Suite,A20,North Vale Mental Health Trust,North Vale General,52.43,-1.53,01632 960205,24/7,,,professional-referral,yes,yes,no,,1,0',
  'Home Treatment Team,A02,North Vale Mental Health Trust,,,,01632 960206,24/7,18,,professional-referral,no,no,no,,12,0',
  'Decision Unit,A23,North Vale Mental Health Trust,North Vale General,,,01632 960207,24/7,18,,professional-referral,no,no,yes,,3,0',
  'North Vale General Emergency Department,ED,North Vale Mental Health Trust,North Vale General,52.43,-1.53,01632 960208,24/7,,,walk-in,yes,yes,no,,0,0',
].join('\n');

test('[GO-LIVE] a new area is set up from nothing with its own screens: administrator, accounts, services, a unit, the board; an operator’s card reaches the duty manager', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const admin = await deskFor(browser);

  // 1. The setup token (a server run as a service prints only where it is), the area and its first
  // administrator.
  await admin.goto('/login');
  await expect(admin.getByText('Concordat is not set up yet.')).toBeVisible();
  const token = readFileSync(SETUP_TOKEN_FILE, 'utf8').trim();
  await admin.goto('/setup');
  await expectAccessible(admin);
  await admin.getByLabel('Setup token').fill(token);
  await admin.getByRole('button', { name: 'Continue' }).click();
  await expect(admin.getByRole('heading', { name: 'Set up Concordat' })).toBeVisible();
  await expectAccessible(admin);
  await admin.getByLabel('Area name').fill('North Vale');
  await admin.getByLabel('Short code').fill('NV');
  await admin.getByLabel('Organisation name').fill('North Vale Mental Health Trust');
  await admin.getByLabel('Your name').fill('Ada Admin');
  await admin.getByLabel('Username').fill('ada');
  await admin.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await admin.getByLabel('Password again').fill(ADMIN_PASSWORD);
  await admin.getByRole('button', { name: 'Create the area and my account' }).click();

  // 2. The administrator must set up an authenticator before anything else.
  await expect(admin.getByRole('heading', { name: 'Set up your authenticator app' })).toBeVisible();
  await expectAccessible(admin);
  await enrolAuthenticator(admin);
  await expect(admin.getByRole('heading', { name: 'Accounts of North Vale' })).toBeVisible();
  await expect(admin.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

  // 3. Organisations.
  await admin.getByRole('link', { name: 'Organisations' }).click();
  for (const org of ORGANISATIONS) {
    await admin.getByRole('button', { name: 'Add organisation' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Add organisation' });
    await dialog.getByLabel('Organisation name').fill(org.name);
    await dialog.getByLabel('Kind').selectOption({ label: org.kind });
    await dialog.getByRole('button', { name: 'Add organisation' }).click();
    await expect(dialog).toBeHidden();
  }
  await expect(admin.getByRole('table', { name: 'Organisations' }).getByRole('row')).toHaveCount(5);

  // 4. Fifty accounts from a spreadsheet: the check finds the one bad row; fixed, all fifty are created.
  await admin.getByRole('link', { name: 'Import' }).click();
  const accounts = admin.getByRole('region', { name: 'Import accounts' });
  await accounts.getByLabel('Or paste the accounts CSV').fill(staffCsv(true));
  await accounts.getByRole('button', { name: 'Check accounts file' }).click();
  await expect(accounts.getByText('50 rows: 49 ready, 1 with problems')).toBeVisible();
  const check = accounts.getByRole('table', { name: 'Check of the accounts file' });
  await expect(check.getByRole('row', { name: /staff10/ })).toContainText('role "nurse"');
  await expect(accounts.getByRole('button', { name: /^Import/ })).toBeDisabled();
  await expectAccessible(admin);
  await accounts.getByLabel('Or paste the accounts CSV').fill(staffCsv(false));
  await accounts.getByRole('button', { name: 'Check accounts file' }).click();
  await expect(accounts.getByText('50 rows: 50 ready')).toBeVisible();
  await accounts.getByRole('button', { name: 'Import 50 accounts' }).click();
  await expect(accounts.getByText('Imported 50 accounts.')).toBeVisible();
  const passwords = accounts.getByRole('table', { name: 'Temporary passwords of the imported accounts' });
  const temporary = async (username: string) =>
    (await passwords
      .getByRole('row', { name: new RegExp(`\\b${username}\\b`) })
      .locator('.password-cell')
      .textContent()) ?? '';
  const logins = {
    olu: await temporary('olu'),
    morgan: await temporary('morgan'),
    tess: await temporary('tess'),
    ade: await temporary('ade'),
  };
  expect(logins.olu).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  // 5. Eight services from a spreadsheet.
  const services = admin.getByRole('region', { name: 'Import services' });
  await services.getByLabel('Or paste the services CSV').fill(SERVICES_CSV);
  await services.getByRole('button', { name: 'Check services file' }).click();
  await expect(services.getByText('8 rows: 8 ready')).toBeVisible();
  await services.getByRole('button', { name: 'Import 8 services' }).click();
  await expect(services.getByText(/Imported 8 services/)).toBeVisible();

  // 6. A unit with two crew.
  await admin.getByRole('link', { name: 'Units' }).click();
  await admin.getByRole('button', { name: 'Add a unit' }).click();
  const unitDialog = admin.getByRole('dialog', { name: 'Add a unit' });
  await unitDialog.getByLabel('Call sign').fill('st1');
  await unitDialog.getByLabel('Kind').selectOption({ label: 'Street-triage car' });
  await unitDialog.getByLabel('Organisation').selectOption({ label: 'North Vale Mental Health Trust' });
  await unitDialog.getByRole('checkbox', { name: /^Tess Marlow/ }).check();
  await unitDialog.getByRole('checkbox', { name: /^PC Dan Hollis/ }).check();
  await unitDialog.getByRole('button', { name: 'Add unit' }).click();
  await expect(unitDialog).toBeHidden();
  const units = admin.getByRole('table', { name: /^Units/ });
  await expect(units.getByRole('row', { name: /ST1/ })).toContainText('Tess Marlow (RMN)');
  await expect(units.getByRole('row', { name: /ST1/ })).toContainText('PC Dan Hollis');

  // 7. A wall-board account (display only: no authenticator).
  await admin.getByRole('link', { name: 'Accounts' }).click();
  await admin.getByRole('button', { name: 'New account' }).click();
  const newAccount = admin.getByRole('dialog', { name: 'New account' });
  await newAccount.getByLabel('Full name').fill('Control room wall board');
  await newAccount.getByLabel('Username').fill('wall');
  await newAccount.getByLabel('Role').selectOption('board');
  await newAccount.getByLabel('Organisation').selectOption({ label: 'North Vale Mental Health Trust' });
  await newAccount.getByRole('button', { name: 'Create account' }).click();
  const created = admin.getByRole('dialog', { name: 'Account created' });
  const wallPassword = await created.getByLabel('One-time temporary password').inputValue();
  await created.getByRole('button', { name: 'Done' }).click();

  // 8. The board, on its own screen, then a service added on the administration screen appears on it live.
  const board = await (await newContext(browser, { viewport: { width: 1920, height: 1080 } })).newPage();
  await firstLogin(board, 'wall', wallPassword, 'board');
  await expect(board.getByRole('heading', { name: 'North Vale — crisis capacity' })).toBeVisible();
  await expect(board.getByText('Harbour Crisis Café')).toBeVisible();
  await admin.getByRole('link', { name: 'Services' }).click();
  await admin.getByRole('button', { name: 'Add a service' }).click();
  const serviceDialog = admin.getByRole('dialog', { name: 'Add a service' });
  await serviceDialog.getByLabel('Name').fill('Riverside Sanctuary');
  await serviceDialog.getByLabel('Kind').selectOption('A21');
  await serviceDialog.getByLabel('Organisation').selectOption({ label: 'Harbour Mind' });
  await serviceDialog.getByLabel('Weekly hours').fill('Mon-Sun 17:00-01:00');
  await serviceDialog.getByRole('spinbutton', { name: 'Adult places' }).fill('3');
  await serviceDialog.getByRole('button', { name: 'Add service' }).click();
  await expect(serviceDialog).toBeHidden();
  await expect(board.getByText('Riverside Sanctuary')).toBeVisible();

  // 9. The duty manager's and the operator's first logins; the operator's new card reaches the duty manager.
  const manager = await deskFor(browser);
  await firstLogin(manager, 'morgan', logins.morgan);
  await expect(manager.getByRole('heading', { name: /Open cases/ })).toBeVisible();
  const operator = await deskFor(browser);
  await firstLogin(operator, 'olu', logins.olu);
  await expect(operator.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  // A new area's handover and search, with nothing in them yet.
  await manager.getByRole('link', { name: 'Handover', exact: true }).click();
  await expect(manager.getByText('Nothing is open.')).toBeVisible();
  await expect(manager.getByText('The previous shift left no note.')).toBeVisible();
  await operator.keyboard.press('/');
  await operator.getByRole('combobox', { name: 'Search cards' }).fill('Market');
  await expect(operator.getByRole('status').filter({ hasText: 'No cards found.' })).toBeVisible();
  await operator.keyboard.press('Escape');
  await createCard(operator, 'First card in North Vale', 'Market Square, North Vale');
  // The handover lists it at once, and search finds it by where it is.
  await expect(manager.getByRole('region', { name: /Open now/ })).toContainText('First card in North Vale');
  await operator.keyboard.press('/');
  await operator.getByRole('combobox', { name: 'Search cards' }).fill('Market');
  await expect(operator.getByRole('listbox', { name: 'Search results' })).toContainText('First card in North Vale');
  await operator.keyboard.press('Escape');
  await manager.getByRole('link', { name: 'Cases' }).click();
  await expect(manager.getByRole('link', { name: /First card in North Vale/ })).toBeVisible();

  // 10. A crew member's tablet: their unit is there.
  const tablet = await (
    await newContext(browser, { viewport: { width: 800, height: 1280 }, hasTouch: true })
  ).newPage();
  await firstLogin(tablet, 'tess', logins.tess);
  await tablet.getByRole('link', { name: 'My unit' }).click();
  await expect(tablet.getByRole('region', { name: /^ST1/ })).toBeVisible();

  // Everything above is in the administration history, with who did it.
  await admin.getByRole('link', { name: 'History' }).click();
  const history = admin.getByRole('table', { name: 'Administration history, newest first' });
  await expect(history).toContainText('Riverside Sanctuary');
  await expect(history).toContainText('Ada Admin');
  await expectAccessible(admin);
  process.env.E2E_GO_LIVE_AMHP = logins.ade;
});

test('[AUTH][IDLE-LOCK] an idle console locks over the screen, and the password brings it back as it was', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const page = await deskFor(browser);
  await firstLogin(page, 'ade', process.env.E2E_GO_LIVE_AMHP ?? '');
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  // Half a new card typed, then nothing for longer than this server's AMHP idle time (9 s).
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New case card' });
  await dialog.getByLabel('Situation').fill('Typed before the lock');
  const lock = page.getByRole('dialog', { name: 'Concordat is locked' });
  await expect(lock).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page);
  await lock.getByLabel('Password').fill('wrong password entirely');
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock.getByRole('alert')).toContainText('That password is not right');
  await lock.getByLabel('Password').fill('ade lantern harbour violet');
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock).toBeHidden();
  await expect(dialog.getByLabel('Situation')).toHaveValue('Typed before the lock');
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
});
