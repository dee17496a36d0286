import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';
import { focused, replaceIn, tabTo, typeDate, typeInto } from './support/keyboard.js';
import { logIn } from './support/session.js';

/**
 * The dog registration, completed with the keyboard only: Tab, typing, arrows, Space and
 * Enter; no clicks. It makes and corrects an error through the error summary, adds a second
 * dog, changes an answer from the check-your-answers page and sees the fee for two dogs on the
 * check page. The dog registration is a service of the catalogue: its form needs a login at
 * "substanziell" first (the verified name is then prefilled and locked). Paying and submitting
 * are the journey of procedure.spec.ts.
 */

/** The portal the config starts. */
const base = () => test.info().project.use.baseURL ?? `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const eid = /Online-Ausweis/;

const form = (page: Page) => page.locator('efa-form');

test('a dog registration with the keyboard only: login, locked name, error, correction, second dog, change, the fee', async ({
  page,
}) => {
  // The portal's CSP allows no inline style: the elements must style through CSSOM only.
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      );
    });
  });
  await logIn(page, `${base()}/antrag/hund-anmelden`, eid, 'erika-mustermann');
  await expect(form(page).getByText('Schritt 1 von 5')).toBeVisible();
  await expectNoAxeViolations(page);

  // Step 1: the keeper. Name, date of birth, address and e-mail address come from the eID (the
  // name locked); she has moved: the address is typed over, with a postcode one digit short.
  await expect(form(page).locator('[data-path$="F99777000011"]')).toHaveJSProperty(
    'modelValue',
    'Mustermann',
  );
  await expect(form(page).locator('[data-path$="F99777000011"]')).toHaveJSProperty('readonly', true);
  await replaceIn(page, 'Straße', 'Heideweg');
  await replaceIn(page, 'Hausnummer', '12');
  await replaceIn(page, 'Postleitzahl', '0106');
  await replaceIn(page, 'Ort', 'Dresden');
  await page.keyboard.press('Enter');

  // The error summary takes focus; its link leads to the postcode.
  const summary = form(page).locator('.summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveCount(1);
  await expectNoAxeViolations(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect((await focused(page)).name).toBe('Postleitzahl');
  await page.keyboard.press('End');
  await page.keyboard.type('7');
  await expect(summary).toHaveCount(0);
  await page.keyboard.press('Enter');

  // Step 2: two dogs.
  await expect(form(page).getByText('Schritt 2 von 5')).toBeVisible();
  await typeInto(page, 'Name des Hundes', 'Bello');
  await tabTo(page, 'Rasse oder Kreuzung');
  await page.keyboard.type('Mischling');
  await tabTo(page, 'Rüde', { group: 'Geschlecht' });
  await page.keyboard.press('Space');
  await typeDate(page, 'Gehalten seit', '1', '11', '2026');
  await tabTo(page, /hinzufügen/);
  await page.keyboard.press('Enter');
  // The new dog's first question has the focus.
  await expect.poll(async () => (await focused(page)).name).toBe('Name des Hundes');
  await page.keyboard.type('Luna');
  await tabTo(page, 'Rasse oder Kreuzung');
  await page.keyboard.type('Beagle');
  // Tab enters a radio group on its first option; the arrow key moves to and picks the next.
  await tabTo(page, 'Rüde', { group: 'Geschlecht' });
  await page.keyboard.press('ArrowDown');
  await typeDate(page, 'Gehalten seit', '15', '11', '2026');
  await page.keyboard.press('Enter');

  // Step 3: no reduction. Step 4: no direct debit. Step 5: the declaration. Radio buttons
  // do not submit on Enter, so the keyboard goes on to "Weiter".
  await expect(form(page).getByText('Schritt 3 von 5')).toBeVisible();
  await tabTo(page, 'Ja');
  await page.keyboard.press('ArrowRight');
  await tabTo(page, 'Weiter');
  await page.keyboard.press('Enter');
  await expect(form(page).getByText('Schritt 4 von 5')).toBeVisible();
  await tabTo(page, 'Ja');
  await page.keyboard.press('ArrowRight');
  await tabTo(page, 'Weiter');
  await page.keyboard.press('Enter');
  await expect(form(page).getByText('Schritt 5 von 5')).toBeVisible();
  await tabTo(page, 'Ja');
  await page.keyboard.press('Space');
  await tabTo(page, 'Weiter');
  await page.keyboard.press('Enter');

  // Check your answers, and change the first dog's name from there.
  await expect(form(page).getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' })).toBeVisible();
  await expect(form(page).getByText('Bello')).toBeVisible();
  await expect(form(page).getByText('Luna')).toBeVisible();
  await expectNoAxeViolations(page);
  await tabTo(page, 'Ändern Name des Hundes');
  await page.keyboard.press('Enter');
  await expect(form(page).getByText('Schritt 2 von 5')).toBeVisible();
  expect((await focused(page)).name).toBe('Name des Hundes');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Balou');
  await page.keyboard.press('Enter');
  await expect(form(page).getByRole('heading', { name: 'Prüfen Sie Ihre Angaben' })).toBeVisible();
  await expect(form(page).getByText('Balou')).toBeVisible();
  await expect(form(page).getByText('Bello')).toHaveCount(0);

  // The fee for this application, before submitting: two dogs.
  const fee = page.locator('efa-payment');
  await expect(fee.locator('tfoot')).toContainText('25,00');
  await expect(fee.getByRole('table')).toContainText('2 × 5,00');
  await tabTo(page, 'Jetzt bezahlen', { limit: 150 });
  await tabTo(page, 'Antrag absenden', { limit: 10 });
  await expectNoAxeViolations(page);
  expect(violations).toEqual([]);
});

test('issue 11 finding 4: a signed-in draft survives closing the tab; logout leaves nothing for the next person', async ({
  page,
  context,
}) => {
  // A shared device: one browser context, two people one after the other. An organisation
  // account asserts no personal attributes, so nothing is prefilled and the typed name counts.
  await page.goto('/mein-konto');
  await page.getByRole('link', { name: 'Mit Servicekonto anmelden' }).click();
  await page.getByRole('radio', { name: /Unternehmenskonto/ }).check();
  await page.getByLabel('Testidentität').selectOption('musterbau-gmbh');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/mein-konto$/);

  await page.goto('/antrag/hund-anmelden');
  await typeInto(page, 'Familienname', 'Geheimname');
  await page.keyboard.press('Tab');
  await page.close({ runBeforeUnload: true });
  const again = await context.newPage();
  await again.goto('/antrag/hund-anmelden');
  await expect(form(again).getByText(/Ihr Entwurf vom .* wurde wiederhergestellt/)).toBeVisible();
  await expect(form(again).locator('[data-path$="F99777000011"]')).toHaveJSProperty(
    'modelValue',
    'Geheimname',
  );

  await again.goto('/mein-konto');
  await again.locator('efa-login').getByRole('button', { name: 'Abmelden' }).click();
  await expect(again.getByRole('heading', { name: 'Abmelden' })).toBeVisible();
  await again.getByRole('button', { name: 'Abmelden' }).click();
  await expect(again).toHaveURL(/localhost:\d+\/$/);
  await expect
    .poll(() =>
      again.evaluate(() =>
        [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((key) =>
          key.startsWith('efa-kit:'),
        ),
      ),
    )
    .toEqual([]);

  // The next person on the device signs in (the form needs a login) and finds her own data,
  // not the draft of the one before.
  await logIn(again, `${base()}/antrag/hund-anmelden`, /ELSTER-Zertifikat/, 'jonas-beispiel');
  await expect(form(again).getByText('Schritt 1 von 5')).toBeVisible();
  await expect(form(again).locator('[data-path$="F99777000011"]')).toHaveJSProperty('modelValue', 'Beispiel');
  await expect(form(again).getByText(/wurde wiederhergestellt/)).toHaveCount(0);
});

test('without a login the draft lives in this tab only', async ({ page, context }) => {
  // The geothermal notification is no service of the catalogue yet: it opens without a login.
  const familyName = (p: Page) =>
    form(p)
      .locator('[data-path="operator.name"]')
      .evaluate((field) => (field as unknown as { modelValue: { familyName?: string } | null }).modelValue);
  await page.goto('/antrag/erdwaermesonde');
  await typeInto(page, 'Familienname', 'Mustermann');
  await page.keyboard.press('Tab');
  await page.reload();
  await expect(form(page).getByText(/Ihr Entwurf vom .* wurde wiederhergestellt/)).toBeVisible();
  expect(await familyName(page)).toMatchObject({ familyName: 'Mustermann' });
  await page.close({ runBeforeUnload: true });
  const again = await context.newPage();
  await again.goto('/antrag/erdwaermesonde');
  await expect(form(again).getByText('Schritt 1 von')).toBeVisible();
  expect((await familyName(again))?.familyName ?? null).toBeNull();
});

test('a service of the catalogue asks for the login at its level before its form', async ({ page }) => {
  for (const [path, lang, text] of [
    ['/antrag/hund-anmelden', 'de', 'mindestens mit dem Vertrauensniveau „substanziell“'],
    ['/antrag/wohngeld', 'en', 'at trust level "substantial" or higher'],
  ] as const) {
    await page.goto(`${path}?lang=${lang}`);
    await expect(page.getByText(text)).toBeVisible();
    await expect(page.locator('efa-form')).toHaveCount(0);
    await expect(page.locator('efa-login')).toHaveAttribute('required-level', 'substantial');
    await expectNoAxeViolations(page);
  }
});

test('the other blueprint forms render in both languages', async ({ page }) => {
  await logIn(page, `${base()}/antrag/wohngeld`, eid, 'erika-mustermann');
  for (const path of ['/antrag/wohngeld', '/antrag/erdwaermesonde']) {
    await page.goto(`${path}?lang=de`);
    await expect(form(page).getByText('Schritt 1 von')).toBeVisible();
    await page.goto(`${path}?lang=en`);
    await expect(form(page).getByText('Step 1 of')).toBeVisible();
    await expectNoAxeViolations(page);
  }
});

test('the form reflows at 320 px without horizontal scrolling (WCAG 1.4.10)', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await logIn(page, `${base()}/antrag/hund-anmelden`, eid, 'erika-mustermann');
  await expect(form(page).getByText('Schritt 1 von 5')).toBeVisible();
  // Step 1 is complete from the account (name, birth date, address, e-mail address).
  await tabTo(page, 'Weiter');
  await page.keyboard.press('Enter');
  await expect(form(page).getByText('Schritt 2 von 5')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  // The empty dog step: the error summary at 320 px ("Weiter", not "Weiteren Hund hinzufügen").
  await tabTo(page, /^Weiter$/);
  await page.keyboard.press('Enter');
  await expect(form(page).locator('.summary')).toBeFocused();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
});
