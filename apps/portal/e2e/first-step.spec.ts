import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

/**
 * ADR 0011: the first step of the dog registration and of the housing benefit is plain HTML
 * from the server, so it reads and
 * takes input before any script; <efa-form> takes over once it has rendered the same step, with
 * what was typed or chosen, the focus where it was, and nothing moved. Without a login (a login prefills
 * and locks answers, so that page stays client-only).
 */
const path = '/antrag/hund-anmelden?ohne-anmeldung';

test('without JavaScript, step 1 of the dog registration reads, with labels, hints and no dead button', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 2, name: 'Halterin oder Halter' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Familienname' })).toBeVisible();
  // Required while no e-mail address is given, as <efa-form> shows it at first.
  await expect(page.getByRole('textbox', { name: 'Telefonnummer', exact: true })).toHaveAttribute(
    'type',
    'tel',
  );
  await expect(
    page.getByRole('group', { name: 'Geburtsdatum' }).getByRole('textbox', { name: 'Jahr' }),
  ).toBeVisible();
  await expect(page.getByText('Das dauert etwa 10 Minuten.')).toBeVisible();
  // Playwright turns script execution off, not the parser's scripting flag: <noscript> exists
  // but does not render here, so its presence is what can be checked.
  await expect(page.locator('noscript')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Weiter' })).toHaveCount(0);
  await context.close();
});

/** The page's scripts held back until `release()`, as a slow connection would; layout shifts recorded. */
async function holdScripts(page: Page): Promise<{ release: () => void; shifts: number[] }> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/assets/*.js', async (route) => {
    await held;
    await route.continue();
  });
  const shifts: number[] = [];
  await page.exposeFunction('reportShift', (value: number) => shifts.push(value));
  await page.addInitScript(() => {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        (window as unknown as { reportShift(value: number): void }).reportShift(
          (entry as PerformanceEntry & { value: number }).value,
        );
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return { release, shifts };
}

test('what is typed before the script runs is in the form after the hand-over, focused, and nothing moved', async ({
  page,
}) => {
  const { release, shifts } = await holdScripts(page);
  await page.goto(path, { waitUntil: 'commit' });
  const early = page.locator('[data-efa-prerender]').getByRole('textbox', { name: 'Familienname' });
  await early.fill('Mustermann');
  await expect(early).toBeFocused();
  const before = await early.boundingBox();
  // axe runs its own script, so it checks the server's step here, before the page's scripts.
  await expectNoAxeViolations(page);
  release();

  await expect(page.locator('[data-efa-prerender]')).toHaveCount(0);
  const field = page.locator('efa-form').getByRole('textbox', { name: 'Familienname' });
  await expect(field).toHaveValue('Mustermann');
  await expect(field).toBeFocused();
  const after = await field.boundingBox();
  expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThanOrEqual(2);
  expect(Math.abs((after?.height ?? 0) - (before?.height ?? 0))).toBeLessThanOrEqual(2);
  // The form has the answer, not only the input: "Weiter" names what is missing, not the name.
  await page.keyboard.press('Enter');
  const summary = page.locator('efa-form').locator('efa-error-summary');
  await expect(summary.getByRole('link').first()).toBeVisible();
  await expect(summary.getByRole('link', { name: /Familienname/ })).toHaveCount(0);
  expect(Math.max(0, ...shifts)).toBeLessThan(0.05);
});

const housingPath = '/antrag/wohngeld?ohne-anmeldung';

test('without JavaScript, step 1 of the housing benefit reads: name and address as groups, the marital status as a select', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(housingPath);
  await expect(page.getByRole('heading', { level: 2, name: 'Antragstellende Person' })).toBeVisible();
  const name = page.getByRole('group', { name: 'Name', exact: true });
  await expect(name.getByRole('textbox', { name: 'Vorname(n)' })).toHaveAttribute(
    'autocomplete',
    'given-name',
  );
  await expect(name.getByRole('textbox', { name: 'Familienname' })).toBeVisible();
  const address = page.getByRole('group', { name: 'Anschrift der Wohnung, für die Sie Wohngeld beantragen' });
  // Four text boxes and the town, a combobox (its suggestions come with the script).
  await expect(address.getByRole('textbox')).toHaveCount(4);
  await expect(address.getByRole('combobox', { name: 'Ort' })).toBeVisible();
  await expect(address.getByRole('textbox', { name: 'Postleitzahl' })).toHaveAttribute(
    'inputmode',
    'numeric',
  );
  const marital = page.getByRole('combobox', { name: 'Familienstand' });
  await expect(marital.getByRole('option')).toHaveText([
    'Bitte auswählen',
    'ledig',
    'verheiratet',
    'eingetragene Lebenspartnerschaft',
    'dauernd getrennt lebend',
    'geschieden',
    'verwitwet',
  ]);
  await expect(page.getByRole('button', { name: 'Weiter' })).toHaveCount(0);
  await context.close();
});

test('housing benefit: name, birth date, select and address typed before the script runs are in the form, the caret where it was', async ({
  page,
}) => {
  const { release, shifts } = await holdScripts(page);
  await page.goto(housingPath, { waitUntil: 'commit' });
  const early = page.locator('[data-efa-prerender]');
  const earlyName = early.getByRole('group', { name: 'Name', exact: true });
  await earlyName.getByRole('textbox', { name: 'Vorname(n)' }).fill('Erika');
  await earlyName.getByRole('textbox', { name: 'Familienname' }).fill('Mustermann');
  const earlyBirth = early.getByRole('group', { name: 'Geburtsdatum' });
  await earlyBirth.getByRole('textbox', { name: 'Tag' }).fill('12');
  await earlyBirth.getByRole('textbox', { name: 'Monat' }).fill('8');
  await earlyBirth.getByRole('textbox', { name: 'Jahr' }).fill('1964');
  await early.getByRole('combobox', { name: 'Familienstand' }).selectOption('verwitwet');
  const addressName = 'Anschrift der Wohnung, für die Sie Wohngeld beantragen';
  const earlyAddress = early.getByRole('group', { name: addressName });
  await earlyAddress.getByRole('textbox', { name: 'Straße' }).fill('Heidestraße');
  await earlyAddress.getByRole('textbox', { name: 'Hausnummer' }).fill('17');
  await earlyAddress.getByRole('combobox', { name: 'Ort' }).fill('Leipzig');
  // The citizen is typing the postcode, caret in the middle, when the script takes over.
  const earlyPostcode = earlyAddress.getByRole('textbox', { name: 'Postleitzahl' });
  await earlyPostcode.fill('04109');
  await earlyPostcode.evaluate((input: HTMLInputElement) => input.setSelectionRange(2, 2));
  await expect(earlyPostcode).toBeFocused();
  const before = await earlyPostcode.boundingBox();
  await expectNoAxeViolations(page);
  release();

  await expect(page.locator('[data-efa-prerender]')).toHaveCount(0);
  const form = page.locator('efa-form');
  const name = form.getByRole('group', { name: 'Name', exact: true });
  await expect(name.getByRole('textbox', { name: 'Vorname(n)' })).toHaveValue('Erika');
  await expect(name.getByRole('textbox', { name: 'Familienname' })).toHaveValue('Mustermann');
  const birth = form.getByRole('group', { name: 'Geburtsdatum' });
  await expect(birth.getByRole('textbox', { name: 'Tag' })).toHaveValue('12');
  await expect(birth.getByRole('textbox', { name: 'Monat' })).toHaveValue('8');
  await expect(birth.getByRole('textbox', { name: 'Jahr' })).toHaveValue('1964');
  await expect(form.getByRole('combobox', { name: 'Familienstand' })).toHaveValue('verwitwet');
  const address = form.getByRole('group', { name: addressName });
  await expect(address.getByRole('textbox', { name: 'Straße' })).toHaveValue('Heidestraße');
  await expect(address.getByRole('textbox', { name: 'Hausnummer' })).toHaveValue('17');
  await expect(address.getByRole('combobox', { name: 'Ort' })).toHaveValue('Leipzig');
  const postcode = address.getByRole('textbox', { name: 'Postleitzahl' });
  await expect(postcode).toHaveValue('04109');
  await expect(postcode).toBeFocused();
  expect(
    await postcode.evaluate((input: HTMLInputElement) => [input.selectionStart, input.selectionEnd]),
  ).toEqual([2, 2]);
  const after = await postcode.boundingBox();
  expect(Math.abs((after?.y ?? 0) - (before?.y ?? 0))).toBeLessThanOrEqual(2);
  expect(Math.abs((after?.height ?? 0) - (before?.height ?? 0))).toBeLessThanOrEqual(2);
  // Typing goes on in the form's field; then the form has the answers, not only the inputs:
  // "Weiter" names what is still missing (the nationality), not the name, date, status or address.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const summary = form.locator('efa-error-summary');
  await expect(summary.getByRole('link', { name: /Staatsangehörigkeit/ })).toBeVisible();
  await expect(summary.getByRole('link', { name: /Name|Geburtsdatum|Familienstand|Anschrift/ })).toHaveCount(
    0,
  );
  expect(Math.max(0, ...shifts)).toBeLessThan(0.05);
});
