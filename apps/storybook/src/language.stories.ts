import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect } from 'storybook/test';
import * as payment from '../../../packages/payment/src/elements/efa-payment.stories.js';

/**
 * The toolbar's language reaches the elements: a story written with the German default shows
 * English when the toolbar says English (these stories pin the toolbar, as a click would).
 */
const meta: Meta = {
  title: 'Foundations/Language toolbar',
  tags: ['!autodocs'],
};
export default meta;

const file = payment.default as StoryObj;

async function totalLabel(canvasElement: HTMLElement): Promise<string> {
  const element = canvasElement.querySelector('efa-payment') as HTMLElement;
  const end = Date.now() + 10_000;
  let cell = element.shadowRoot?.querySelector('tfoot th');
  while (!cell) {
    if (Date.now() > end) throw new Error('no total row');
    await new Promise((resolve) => setTimeout(resolve, 25));
    cell = element.shadowRoot?.querySelector('tfoot th');
  }
  return cell.textContent ?? '';
}

export const English: StoryObj = {
  ...file,
  args: { ...file.args, ...payment.Quoted.args },
  globals: { locale: 'en' },
  play: async ({ canvasElement }) => {
    await expect(await totalLabel(canvasElement)).toBe('Total');
    await expect(document.documentElement.lang).toBe('en');
  },
};

export const German: StoryObj = {
  ...file,
  args: { ...file.args, ...payment.Quoted.args },
  globals: { locale: 'de' },
  play: async ({ canvasElement }) => {
    await expect(await totalLabel(canvasElement)).toBe('Gesamtbetrag');
  },
};
