import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import './efa-error-summary.js';
import type { ErrorSummaryItem } from './efa-error-summary.js';

interface SummaryArgs {
  lang: string;
}

const texts: Record<string, { items: ErrorSummaryItem[]; iban: string; amount: string }> = {
  de: {
    items: [
      { message: 'Geben Sie Ihre IBAN ein.', target: 'story-iban' },
      { message: 'Der Betrag muss mindestens 1,00 € sein.', target: 'story-amount' },
    ],
    iban: 'IBAN',
    amount: 'Betrag in Euro',
  },
  en: {
    items: [
      { message: 'Enter your IBAN.', target: 'story-iban' },
      { message: 'The amount must be at least €1.00.', target: 'story-amount' },
    ],
    iban: 'IBAN',
    amount: 'Amount in euros',
  },
};

/** A page outside `<efa-form>` (a payment page, say) with its own inputs and the summary above. */
function renderSummary(args: SummaryArgs) {
  const text = texts[args.lang] ?? texts.de;
  return html`<div lang=${args.lang}>
    <efa-error-summary .errors=${text?.items ?? []}></efa-error-summary>
    <p><label for="story-iban">${text?.iban}</label><br /><input id="story-iban" autocomplete="off" /></p>
    <p><label for="story-amount">${text?.amount}</label><br /><input id="story-amount" inputmode="decimal" /></p>
  </div>`;
}

const meta: Meta<SummaryArgs> = {
  title: 'Form assistant/Error summary (efa-error-summary)',
  component: 'efa-error-summary',
  tags: ['autodocs'],
  args: { lang: 'de' },
  parameters: {
    docs: {
      description: {
        component:
          'The GOV.UK error summary as its own element: `<efa-form>` shows it above a step, and payment or portal pages can show it above their own inputs. It takes focus when problems first show, and each link focuses the control where the problem is fixed.',
      },
    },
  },
  render: (args) => renderSummary(args),
};
export default meta;

type Story = StoryObj<SummaryArgs>;

export const Problems: Story = {};

export const English: Story = { args: { lang: 'en' } };

export const Mobile: Story = {
  decorators: [
    (story) =>
      html`<div style=${styleMap({ maxWidth: '320px', border: '1px dashed #6b6b76' })}>${story()}</div>`,
  ],
  globals: { viewport: { value: 'mobile320', isRotated: false } },
};
