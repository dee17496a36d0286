import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

/**
 * The dog registration, completed with the keyboard only: Tab, typing, arrows, Space and
 * Enter; no clicks. It makes and corrects an error through the error summary, adds a second
 * dog, changes an answer from the check-your-answers page and submits.
 */

interface Focused {
  tag: string;
  type: string;
  name: string;
  /** The legend of the fieldset around the control (date parts, radios), if any. */
  group: string;
}

/** The element that has the keyboard, through shadow roots, with its accessible name. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return { tag: '', type: '', name: '', group: '' };
    const control = element as HTMLInputElement;
    const label =
      control.labels?.[0]?.textContent ?? element.getAttribute('aria-label') ?? element.textContent ?? '';
    const legend = element.closest('fieldset')?.querySelector('legend')?.textContent ?? '';
    return {
      tag: element.tagName.toLowerCase(),
      type: control.type ?? '',
      name: label.replace(/\s+/g, ' ').trim(),
      group: legend.replace(/\s+/g, ' ').trim(),
    };
  });
}

/** Presses Tab until the focused control's name (and the legend of its group) match. */
async function tabTo(page: Page, name: string | RegExp, group?: string, limit = 60): Promise<void> {
  const matches = (text: string) => (typeof name === 'string' ? text.startsWith(name) : name.test(text));
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (matches(now.name) && (group === undefined || now.group.startsWith(group))) return;
    seen.push(now.group ? `${now.group}/${now.name}` : now.name);
  }
  throw new Error(`No control named ${String(name)} within ${limit} tabs; passed: ${seen.join(' | ')}`);
}

async function typeInto(page: Page, name: string | RegExp, text: string): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.type(text);
}

/** Day, month and year: the three inputs of the date field with this legend. */
async function typeDate(page: Page, legend: string, day: string, month: string, year: string): Promise<void> {
  await tabTo(page, 'Tag', legend);
  await page.keyboard.type(day);
  await page.keyboard.press('Tab');
  await page.keyboard.type(month);
  await page.keyboard.press('Tab');
  await page.keyboard.type(year);
}

const form = (page: Page) => page.locator('efa-form');

test('a dog registration with the keyboard only: error, correction, second dog, change, submit', async ({
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
  await page.goto('/antrag/hund-anmelden');
  await expect(form(page).getByText('Schritt 1 von 5')).toBeVisible();
  await expectNoAxeViolations(page);

  // Step 1: the keeper, with a postcode one digit short.
  await typeInto(page, 'Familienname', 'Mustermann');
  await typeInto(page, 'Vornamen', 'Erika');
  await typeDate(page, 'Geburtsdatum', '17', '5', '1980');
  await typeInto(page, 'Straße', 'Heideweg');
  await typeInto(page, 'Hausnummer', '12');
  await typeInto(page, 'Postleitzahl', '0106');
  await typeInto(page, 'Ort', 'Dresden');
  await typeInto(page, 'E-Mail-Adresse', 'erika@example.org');
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
  await tabTo(page, 'Rüde', 'Geschlecht');
  await page.keyboard.press('Space');
  await typeDate(page, 'Gehalten seit', '1', '10', '2026');
  await tabTo(page, /hinzufügen/);
  await page.keyboard.press('Enter');
  // The new dog's first question has the focus.
  await expect.poll(async () => (await focused(page)).name).toBe('Name des Hundes');
  await page.keyboard.type('Luna');
  await tabTo(page, 'Rasse oder Kreuzung');
  await page.keyboard.type('Beagle');
  // Tab enters a radio group on its first option; the arrow key moves to and picks the next.
  await tabTo(page, 'Rüde', 'Geschlecht');
  await page.keyboard.press('ArrowDown');
  await typeDate(page, 'Gehalten seit', '15', '10', '2026');
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

  // Submit.
  await tabTo(page, 'Antrag absenden');
  await page.keyboard.press('Enter');
  await expect(form(page).getByRole('heading', { name: 'Ihr Antrag wurde übermittelt.' })).toBeVisible();
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

  // The next person on the device, not signed in, finds an empty form.
  await again.goto('/antrag/hund-anmelden');
  await expect(form(again).getByText('Schritt 1 von 5')).toBeVisible();
  await expect(form(again).locator('[data-path$="F99777000011"]')).toHaveJSProperty('modelValue', null);
  await expect(form(again).getByText(/wurde wiederhergestellt/)).toHaveCount(0);
});

test('without a login the draft lives in this tab only', async ({ page, context }) => {
  await page.goto('/antrag/hund-anmelden');
  await typeInto(page, 'Familienname', 'Mustermann');
  await page.keyboard.press('Tab');
  await page.reload();
  await expect(form(page).getByText(/Ihr Entwurf vom .* wurde wiederhergestellt/)).toBeVisible();
  await expect(form(page).locator('[data-path$="F99777000011"]')).toHaveJSProperty(
    'modelValue',
    'Mustermann',
  );
  await page.close({ runBeforeUnload: true });
  const again = await context.newPage();
  await again.goto('/antrag/hund-anmelden');
  await expect(form(again).getByText('Schritt 1 von 5')).toBeVisible();
  await expect(form(again).locator('[data-path$="F99777000011"]')).toHaveJSProperty('modelValue', null);
});

test('the other blueprint forms render in both languages', async ({ page }) => {
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
  await page.goto('/antrag/hund-anmelden?lang=de');
  await expect(form(page).getByText('Schritt 1 von 5')).toBeVisible();
  await page.keyboard.press('Tab');
  await tabTo(page, 'Weiter');
  await page.keyboard.press('Enter');
  await expect(form(page).locator('.summary')).toBeFocused();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
});
