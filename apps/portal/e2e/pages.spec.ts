import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

/** Every page reachable from the header and footer, in both languages, at desktop and 320 px. */
async function pagePaths(page: import('@playwright/test').Page): Promise<string[]> {
  await page.goto('/');
  const hrefs = await page
    .locator('.site-nav a, .site-footer a[href^="/"]')
    .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
  return ['/', ...new Set(hrefs)];
}

test('the shell has a skip link, a language switch and security headers', async ({ page }) => {
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.getByRole('link', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeAttached();
});

test('an unknown page answers 404 in the portal frame', async ({ page }) => {
  const response = await page.goto('/gibt-es-nicht');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');
});

for (const lang of ['de', 'en'] as const) {
  test(`every page is axe-clean in ${lang}, at 1280 px and 320 px`, async ({ page }) => {
    const paths = await pagePaths(page);
    expect(paths.length).toBeGreaterThanOrEqual(3);
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of paths) {
        await page.goto(`${path}?lang=${lang}`);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        // Nothing may scroll sideways at 320 px (WCAG 1.4.10 Reflow).
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} overflows at ${width}px`).toBeLessThanOrEqual(0);
        await expectNoAxeViolations(page);
      }
    }
  });
}
