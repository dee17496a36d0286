import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

/**
 * The citizen's first question on the portal's start page: who collects the dog tax in my
 * town, and can I apply online? Real Destatis areas and OSM postcodes, Saxon demo authorities.
 */
test('finds the dog tax authority for a Saxon town from the start page, by keyboard', async ({ page }) => {
  await page.goto('/');
  const finder = page.locator('efa-jurisdiction-finder').first();
  const service = finder.getByRole('combobox', { name: 'Was möchten Sie erledigen?' });
  const place = finder.getByRole('combobox', { name: 'Wo wohnen Sie?' });

  await service.focus();
  await page.keyboard.type('Hundesteuer');
  await expect(finder.getByRole('option', { name: /Hundesteuer – Anmeldung/ })).toBeVisible();
  await expect(finder.getByRole('status')).toHaveText(/Leistungen gefunden/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(service).toHaveValue('Hundesteuer – Anmeldung');

  await page.keyboard.press('Tab');
  await expect(place).toBeFocused();
  await page.keyboard.type('Mittweida');
  await expect(finder.getByRole('option', { name: /Mittweida/ }).first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  const heading = finder.getByRole('heading', {
    level: 2,
    name: 'Zuständig für „Hundesteuer – Anmeldung“ in Mittweida',
  });
  await expect(heading).toBeFocused();
  const card = finder.locator('[part=card]');
  await expect(card.getByRole('heading', { level: 3 })).toHaveText(
    /Stadtverwaltung Mittweida\s*Demo-Datensatz/,
  );
  await expect(card).toContainText('09648 Mittweida');
  await expect(finder.getByRole('status')).toHaveText(
    'Zuständige Stelle gefunden: Stadtverwaltung Mittweida.',
  );
  await expectNoAxeViolations(page);

  // Why this office: the rule and the area it is attached to.
  await finder.getByText('Warum diese Stelle?').click();
  await expect(finder.locator('details')).toContainText('Die Regel gilt für diese Gemeinde');

  // The online application is the portal's own dog registration form.
  await expect(finder.getByRole('link', { name: /Online beantragen/ })).toHaveAttribute(
    'href',
    '/antrag/hund-anmelden',
  );
});

test('issue 12: each service of the catalogue links to its online application in the portal', async ({
  page,
}) => {
  for (const [service, name, path] of [
    ['99102013104000', 'Hundesteuer', '/antrag/hund-anmelden'],
    ['99107023037000', 'Wohngeld', '/antrag/wohngeld'],
  ] as const) {
    // Pirna by its ARS (the postcode 01796 is shared with neighbouring municipalities).
    await page.goto(`/zustaendigkeit?leistung=${service}&ort=146285229270`);
    const finder = page.locator('efa-jurisdiction-finder');
    await expect(finder.locator('[part=card]').first()).toContainText(
      /Pirna|Sächsische Schweiz-Osterzgebirge/,
    );
    const link = finder.getByRole('link', { name: /Online beantragen/ });
    await expect(link).toContainText(name);
    await expect(link).toHaveAttribute('href', path);
  }
});

test('a postcode shared by several municipalities asks which one is meant', async ({ page }) => {
  await page.goto('/zustaendigkeit?leistung=99102013104000&ort=08626');
  const finder = page.locator('efa-jurisdiction-finder');
  await expect(
    finder.getByRole('heading', { name: 'Die Postleitzahl 08626 gehört zu mehreren Gemeinden' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await finder.getByRole('button', { name: /Eichigt/ }).click();
  await expect(finder.locator('[part=card]')).toContainText('Gemeindeverwaltung Eichigt');
  await expect(finder.locator('[part=card]')).toContainText('Verwaltungsgemeinschaft');
});

test('in English, the state-level office for victims’ compensation in Leipzig', async ({ page }) => {
  await page.goto('/zustaendigkeit?lang=en&leistung=efa:soziale-entschaedigung&ort=04109');
  const finder = page.locator('efa-jurisdiction-finder');
  await expect(finder.getByRole('heading', { level: 3 })).toHaveText(/Kommunaler Sozialverband Sachsen/);
  await finder.getByText('Why this office?').click();
  await expect(finder.locator('details')).toContainText('Sachsen (Land)');
});

test('a cacheable resolve over HTTP answers as the tRPC router does, with the portal’s headers', async ({
  request,
}) => {
  const input = JSON.stringify({ service: '99102013104000', place: '145225119360' });
  const single = await request.get(`/trpc/jurisdiction.resolve?input=${encodeURIComponent(input)}`);
  expect(single.status()).toBe(200);
  expect(single.headers()['cache-control']).toMatch(/^public, max-age=\d+/);
  expect(single.headers()['content-security-policy']).toContain("default-src 'self'");
  // A batch call always goes through the tRPC adapter: both must say the same.
  const batch = await request.get(
    `/trpc/jurisdiction.resolve?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: JSON.parse(input) }))}`,
  );
  expect(batch.status()).toBe(200);
  const [fromRouter] = (await batch.json()) as [{ result: { data: unknown } }];
  expect(((await single.json()) as { result: { data: unknown } }).result.data).toEqual(
    fromRouter.result.data,
  );

  // Invalid input is not for the fast path: the router answers with its localized error.
  const bad = await request.get(
    `/trpc/jurisdiction.resolve?input=${encodeURIComponent(JSON.stringify({ service: '', place: 'x' }))}`,
    { headers: { 'accept-language': 'de' } },
  );
  expect(bad.status()).toBe(400);
  expect(JSON.stringify(await bad.json())).not.toContain('stack');
});
