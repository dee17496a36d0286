import { afterEach, describe, expect, inject, it } from 'vitest';
import { page } from 'vitest/browser';
import '../index.js';
import type { EfaPaymentElement } from './efa-payment.js';

/**
 * Issue 12: on a phone the fee table split words ("Verwalt|ungsge|bühr") and dropped its
 * count column. Measured as the citizen sees it: the element in a page column with the
 * portal's 1rem padding, at 320 and 390 px, in both languages.
 */
const endpoint = `http://${location.hostname}:${inject('paymentBackendPort')}/trpc`;

afterEach(async () => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('lang');
  await page.viewport(414, 896);
});

async function mountAt(width: number, lang: 'de' | 'en'): Promise<EfaPaymentElement> {
  await page.viewport(width, 800);
  // The portal's page: German hyphenation asked for on the body, 1rem padding.
  document.documentElement.lang = lang;
  document.body.setAttribute('style', 'margin:0;hyphens:auto;overflow-wrap:break-word');
  const main = document.createElement('main');
  main.setAttribute('style', 'padding:0 1rem');
  const element = document.createElement('efa-payment');
  element.endpoint = endpoint;
  element.lang = lang;
  element.service = '99102013104000';
  element.answers = { dogs: 2 };
  element.returnPath = '/pay';
  main.append(element);
  document.body.append(main);
  await expect
    .poll(() => element.shadowRoot?.querySelector('tfoot')?.textContent ?? '', { timeout: 20_000 })
    .toMatch(/\d/);
  return element;
}

/** Words that the browser laid out over more than one line, with the cell they are in. */
function splitWords(root: ShadowRoot): string[] {
  const split: string[] = [];
  const walker = document.createTreeWalker(root.querySelector('table') as Node, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    for (const match of text.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}

describe('<efa-payment> fee table on small screens (issue 12)', () => {
  for (const width of [320, 390]) {
    for (const lang of ['de', 'en'] as const) {
      it(`keeps every word whole and shows the count at ${width} px (${lang})`, async () => {
        const element = await mountAt(width, lang);
        const root = element.shadowRoot as ShadowRoot;
        const table = root.querySelector('table') as HTMLTableElement;
        expect(splitWords(root)).toEqual([]);
        // Nothing wider than the column it lives in (WCAG 1.4.10 Reflow).
        expect(table.scrollWidth).toBeLessThanOrEqual(element.clientWidth);
        expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(width);
        // The count column: its header and a visible count for every item.
        const header = root.querySelector('thead .qty') as HTMLElement;
        expect(header.getBoundingClientRect().width).toBeGreaterThan(0);
        expect(header.textContent).toBe(lang === 'de' ? 'Anzahl' : 'Quantity');
        const counts = [...root.querySelectorAll<HTMLElement>('tbody td.qty')];
        expect(counts.length).toBeGreaterThanOrEqual(2);
        for (const count of counts) {
          expect(count.getBoundingClientRect().width).toBeGreaterThan(0);
          expect(count.textContent).toMatch(/^\d+$/);
        }
        expect(counts.map((count) => count.textContent)).toContain('2');
        // Each count still sits in its item's row, under the row header.
        expect(root.querySelectorAll('tbody th[scope=row]').length).toBe(counts.length);
      });
    }
  }
});
