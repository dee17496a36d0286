import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Locator, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.js';

/**
 * Issue 12, "Also fix what a citizen met on the way": each finding, as the citizen met it, on a
 * phone (320 and 390 px) and by keyboard. Runs against the portal the config starts (theme
 * Sachsen); the other themes are switched on the page, as their classes are all loaded.
 */

const widths = [320, 390] as const;
const themeClasses = ['', 'efa-theme-sachsen', 'efa-theme-schleswig-holstein'] as const;
const pirna = '146285229270';
const dogTax = '99102013104000';

async function useTheme(page: Page, className: string): Promise<void> {
  await page.evaluate((name) => {
    document.documentElement.className = name;
  }, className);
}

async function noSidewaysScroll(page: Page, width: number): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `page scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
}

/**
 * The text contrast of an element as painted, from a screenshot: browsers hide a visited link's
 * colour from scripts (and so from axe), so the pixels are the only way to see it.
 */
async function paintedContrast(page: Page, element: Locator): Promise<number> {
  const shot = (await element.screenshot()).toString('base64');
  return page.evaluate(async (png) => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(image, 0, 0);
    // Inside the border only: the screenshot's edge may hold the card around the button.
    const inset = 4;
    const data = context.getImageData(inset, inset, canvas.width - 2 * inset, canvas.height - 2 * inset).data;
    const luminance = (r: number, g: number, b: number) => {
      const c = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
    };
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const rgbOf = (key: number) => [(key >> 16) & 255, (key >> 8) & 255, key & 255] as const;
    const background = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0xffffff;
    const lb = luminance(...rgbOf(background));
    let best = 1;
    for (const key of counts.keys()) {
      const l = luminance(...rgbOf(key));
      best = Math.max(best, (Math.max(l, lb) + 0.05) / (Math.min(l, lb) + 0.05));
    }
    return best;
  }, shot);
}

test.describe('language (issue 12)', () => {
  test('"Deutsch" after English makes the page German again, and it stays German', async ({ page }) => {
    await page.goto('/zustaendigkeit');
    await page.getByRole('link', { name: 'Switch to English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    // English is remembered: a page opened without ?lang is English.
    await page.goto('/zustaendigkeit');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('link', { name: 'Auf Deutsch wechseln' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zuständige Stelle finden');
    await page.goto('/zustaendigkeit');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  });

  test("the finder's call to action speaks English in English", async ({ page }) => {
    await page.goto(`/zustaendigkeit?leistung=${dogTax}&ort=${pirna}&lang=en`);
    const button = page.locator('efa-jurisdiction-finder [part=online-button]');
    await expect(button).toHaveText('Apply online: Dog tax – registration');
    await expectNoAxeViolations(page);
  });

  test('the payment simulator offers its pages in English, and its forms stay English', async ({ page }) => {
    await page.goto('/gebuehr-bezahlen?hunde=1');
    await page.getByRole('button', { name: 'Jetzt bezahlen' }).click();
    await expect(page).toHaveURL(/\/checkout\//);
    await page.getByRole('link', { name: 'Switch to English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: 'Pay by card' })).toBeVisible();
    // An error answer comes back in English too.
    await page.getByRole('button', { name: 'Pay by card' }).click();
    await expect(page.getByRole('alert')).toContainText('Enter the name on the card.');
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 800 });
    await noSidewaysScroll(page, 320);
  });

  // The portal's chosen language reaches the simulator because the payment server names it on
  // the create call (Accept-Language, which the simulator keeps).
  test('a payment started in English opens the simulator in English, whatever the browser says', async ({
    page,
  }) => {
    await page.goto('/gebuehr-bezahlen?hunde=1&lang=en');
    await page.getByRole('button', { name: 'Pay now' }).click();
    await expect(page).toHaveURL(/\/checkout\//);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test.describe('jurisdiction finder (issue 12)', () => {
  for (const width of widths) {
    test(`Enter with both fields typed, a misspelt town, at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/zustaendigkeit');
      const finder = page.locator('efa-jurisdiction-finder');
      await finder.getByRole('combobox', { name: 'Was möchten Sie erledigen?' }).focus();
      await page.keyboard.type('Hund anmelden');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Prina');
      await page.keyboard.press('Enter');
      const heading = finder.getByRole('heading', {
        level: 2,
        name: 'Zuständig für „Hundesteuer – Anmeldung“ in Pirna',
      });
      await expect(heading).toBeFocused();
      await expect(finder.locator('[part=card]').first()).toContainText('Pirna');
      await finder.getByText('Warum diese Stelle?').click();
      const shown = (await finder.locator('[part=result]').textContent()) ?? '';
      // No Leistungsschlüssel, no rule id or source for citizens.
      expect(shown).not.toMatch(/\d{12,14}/);
      expect(shown).not.toMatch(/Regel efa|Quelle:/);
      await noSidewaysScroll(page, width);
      await expectNoAxeViolations(page);
    });
  }

  test('a visited "Online beantragen" keeps its colours, in every theme, at 320 and 390 px', async () => {
    test.setTimeout(120_000);
    // Visited links need a browser profile with history; the test's default context has none.
    const profile = mkdtempSync(join(tmpdir(), 'efa-e2e-visited-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update'],
      baseURL: test.info().project.use.baseURL ?? `http://localhost:${process.env.E2E_PORT ?? 3100}`,
      locale: 'de-DE',
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const result = `/zustaendigkeit?leistung=${dogTax}&ort=${pirna}`;
      await page.goto(result);
      const button = page.locator('efa-jurisdiction-finder [part=online-button]');
      await expect(button).toHaveText('Online beantragen: Hundesteuer – Anmeldung');
      await button.click();
      await expect(page).toHaveURL(/\/antrag\/hund-anmelden/);
      await page.goto(result);
      await expect(button).toBeVisible();
      for (const width of widths) {
        await page.setViewportSize({ width, height: 900 });
        for (const theme of themeClasses) {
          await useTheme(page, theme);
          // The browser marks visited links after a history lookup: wait for the pixels.
          await expect
            .poll(() => paintedContrast(page, button), {
              timeout: 10_000,
              message: `${theme || 'neutral'} ${width}px`,
            })
            .toBeGreaterThanOrEqual(4.5);
          await noSidewaysScroll(page, width);
          await expectNoAxeViolations(page);
        }
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

test.describe('fee table (issue 12)', () => {
  for (const width of widths) {
    for (const lang of ['de', 'en'] as const) {
      test(`keeps words whole and its count column at ${width} px (${lang})`, async ({ page }) => {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`/gebuehr-bezahlen?hunde=2&lang=${lang}`);
        const table = page.locator('efa-payment').getByRole('table');
        await expect(table).toContainText(lang === 'de' ? 'Hundesteuermarke je Hund' : 'Dog tax tag per dog');
        const header = page.locator('efa-payment thead .qty');
        await expect(header).toBeVisible();
        await expect(header).toHaveText(lang === 'de' ? 'Anzahl' : 'Quantity');
        const counts = page.locator('efa-payment tbody td.qty');
        await expect(counts.nth(1)).toBeVisible();
        expect(await counts.allInnerTexts()).toContain('2');
        // Every word on one line: no "Verwalt|ungsge|bühr".
        const split = await page.locator('efa-payment').evaluate((host) => {
          const found: string[] = [];
          const walker = document.createTreeWalker(
            host.shadowRoot?.querySelector('table') as Node,
            NodeFilter.SHOW_TEXT,
          );
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of (node.textContent ?? '').matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(node, match.index);
              range.setEnd(node, match.index + match[0].length);
              if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1)
                found.push(match[0]);
            }
          }
          return found;
        });
        expect(split).toEqual([]);
        await noSidewaysScroll(page, width);
        for (const theme of themeClasses) {
          await useTheme(page, theme);
          await expectNoAxeViolations(page);
        }
      });
    }
  }
});

test.describe('login failures (issue 12)', () => {
  const cases = [
    ['locked-account', /Benutzername und Passwort/, 'Ihr Servicekonto ist gesperrt'],
    ['expired-document', /Online-Ausweis/, 'Ihr Ausweis ist abgelaufen'],
  ] as const;
  for (const [identity, method, message] of cases) {
    test(`${identity} ends with its own message, not "abgebrochen"`, async ({ page }) => {
      await page.goto('/mein-konto');
      await page.getByRole('link', { name: 'Mit Servicekonto anmelden' }).click();
      await expect(page.getByRole('heading', { name: 'Anmelden mit Ihrem Servicekonto' })).toBeVisible();
      await page.getByRole('radio', { name: method }).check();
      await page.getByLabel('Testidentität').selectOption(identity);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await expect(page).toHaveURL(/\/mein-konto\?login=ACCOUNT_/);
      const alert = page.locator('efa-login').getByRole('alert');
      await expect(alert).toContainText(message);
      await expect(alert).not.toContainText('abgebrochen');
      await page.setViewportSize({ width: 320, height: 800 });
      await noSidewaysScroll(page, 320);
      await expectNoAxeViolations(page);
    });
  }
});
