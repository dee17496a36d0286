import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

/**
 * ADR 0011: the dog registration's first step is plain HTML from the server, so it reads and
 * takes input before any script; <efa-form> takes over once it has rendered the same step, with
 * what was typed, the focus where it was, and nothing moved. Without a login (a login prefills
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
  await expect(page.getByRole('textbox', { name: 'Telefonnummer (optional)' })).toHaveAttribute(
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

test('what is typed before the script runs is in the form after the hand-over, focused, and nothing moved', async ({
  page,
}) => {
  // Hold the page's scripts back until the citizen has typed, as a slow connection would.
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
