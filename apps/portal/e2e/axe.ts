import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.2 AA rule set (BITV 2.0 refers to it through EN 301 549). */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Fails the test on any axe violation, listing rule, impact and targets. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
  expect(summary).toEqual([]);
}

/** The portal's themes: neutral (KERN), Sachsen, Schleswig-Holstein; all loaded on every page. */
export const themeClasses = ['', 'efa-theme-sachsen', 'efa-theme-schleswig-holstein'] as const;

/** Axe in every theme (switched on the page, as the classes are all loaded), then the page's own again. */
export async function expectNoAxeViolationsInEveryTheme(page: Page): Promise<void> {
  const own = await page.evaluate(() => document.documentElement.className);
  try {
    for (const theme of themeClasses) {
      await page.evaluate((name) => {
        document.documentElement.className = name;
      }, theme);
      await expectNoAxeViolations(page);
    }
  } finally {
    await page.evaluate((name) => {
      document.documentElement.className = name;
    }, own);
  }
}

/** Nothing scrolls sideways (WCAG 1.4.10 Reflow at 320 CSS px). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
}
