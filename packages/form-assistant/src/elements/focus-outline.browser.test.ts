import { clearBrowserState } from '@efa-kit/core/client';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../index.js';
import type { EfaFormElement } from './efa-form.js';
import { testDefinition } from './form-test-definition.test.helper.js';

/**
 * Issue 12: the focus outline of a form input was cut off left and right (the groups'
 * `content-visibility: auto` paints nothing outside their box). Checked in pixels, as the
 * citizen sees it: a page column with the portal's 1rem padding, at 320 and 390 px.
 */

type Rgb = [number, number, number];

function rgb(value: string): Rgb {
  const parts = /rgba?\((\d+), (\d+), (\d+)/.exec(value);
  if (!parts) throw new Error(`not a colour: ${value}`);
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

/** Focus deep inside shadow roots: the element that has the keyboard. */
function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** The colours of a screenshot of `area`, readable by page coordinates. */
async function capture(area: HTMLElement): Promise<(x: number, y: number) => Rgb> {
  const shot = await page.screenshot({ element: area, save: false });
  const image = new Image();
  image.src = `data:image/png;base64,${shot}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2d context');
  context.drawImage(image, 0, 0);
  const box = area.getBoundingClientRect();
  const scale = image.naturalWidth / box.width;
  return (x, y) => {
    const [r = 0, g = 0, b = 0] = context.getImageData(
      Math.floor((x - box.left) * scale),
      Math.floor((y - box.top) * scale),
      1,
      1,
    ).data;
    return [r, g, b];
  };
}

const near = (a: Rgb, b: Rgb) => a.every((value, i) => Math.abs(value - (b[i] ?? 0)) <= 40);

afterEach(async () => {
  document.body.replaceChildren();
  document.documentElement.className = '';
  clearBrowserState();
  await page.viewport(414, 896);
});

describe('focus outlines of form inputs (issue 12)', () => {
  for (const width of [320, 390]) {
    it(`are painted whole, left and right, at ${width} px`, async () => {
      await page.viewport(width, 800);
      const main = document.createElement('main');
      main.setAttribute('style', 'padding:0 1rem;background:#fff');
      const form = document.createElement('efa-form') as EfaFormElement;
      form.lang = 'de';
      form.definition = testDefinition;
      main.append(form);
      document.body.style.margin = '0';
      document.body.append(main);
      await form.updateComplete;
      const email = () =>
        form.shadowRoot?.querySelector('[data-path="holder.email"]')?.shadowRoot?.querySelector('input') ??
        null;
      await expect.poll(email, { timeout: 10_000 }).not.toBeNull();
      // By keyboard, so :focus-visible applies as it does for the citizen.
      for (let i = 0; i < 10 && deepActive() !== email(); i += 1) await userEvent.tab();
      const input = email() as HTMLInputElement;
      expect(deepActive()).toBe(input);
      const style = getComputedStyle(input);
      const focus = rgb(style.outlineColor);
      const outline = Number.parseFloat(style.outlineWidth);
      const offset = Number.parseFloat(style.outlineOffset);
      expect(outline).toBeGreaterThanOrEqual(2);
      const box = input.getBoundingClientRect();
      const at = await capture(main);
      const middle = box.top + box.height / 2;
      // The middle of the outline's stroke on each side.
      const reach = offset + outline / 2;
      expect(near(at(box.left - reach, middle), focus), 'left edge').toBe(true);
      expect(near(at(box.right + reach, middle), focus), 'right edge').toBe(true);
      expect(near(at(box.left + box.width / 2, box.top - reach), focus), 'top edge').toBe(true);
      // The outline stays on the page: nothing scrolls sideways.
      expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(width);
    });
  }
});
