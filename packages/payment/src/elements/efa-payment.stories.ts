import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { LineItem, PaymentStatus, PaymentView, Quote } from '../schema/index.js';
import './efa-payment.js';

/**
 * Stories render from data the element can be given directly (`.quote`, `.payment`), as a
 * server-rendered page would; the element's network behaviour is covered by its browser
 * tests against the real backend and provider simulator.
 */
const items: LineItem[] = [
  {
    id: 'verwaltungsgebuehr',
    description: { de: 'Verwaltungsgebühr Anmeldung', en: 'Administrative fee for the registration' },
    quantity: 1,
    unitCents: 1500,
    discountCents: 750,
    totalCents: 750,
    reductions: [{ de: 'Ermäßigung Sozialpass (50 %)', en: 'Social pass reduction (50%)' }],
    bookingData: { Haushaltsstelle: '1.1.2.1.01' },
  },
  {
    id: 'hundemarke',
    description: { de: 'Hundesteuermarke je Hund', en: 'Dog tax tag per dog' },
    quantity: 2,
    unitCents: 500,
    discountCents: 0,
    totalCents: 1000,
    reductions: [],
    bookingData: { Haushaltsstelle: '1.1.2.1.01' },
  },
];

const quote: Quote = {
  serviceId: '99102013104000',
  title: { de: 'Hund anmelden', en: 'Register a dog' },
  items,
  totalCents: 1750,
  currency: 'EUR',
  paymentRequired: true,
  methods: [
    { id: 'card', label: { de: 'Kreditkarte', en: 'Credit card' } },
    { id: 'paypal', label: { de: 'PayPal', en: 'PayPal' } },
    { id: 'sepa-direct-debit', label: { de: 'SEPA-Lastschrift', en: 'SEPA direct debit' } },
    { id: 'transfer', label: { de: 'Überweisung', en: 'Bank transfer' } },
  ],
};

function payment(status: PaymentStatus): PaymentView {
  return {
    id: '3f2b8c1e-8d4a-4c2e-9f1a-2b3c4d5e6f70',
    serviceId: quote.serviceId,
    status,
    kassenzeichen: '510000000017',
    totalCents: 1750,
    currency: 'EUR',
    items,
    redirectUrl: status === 'pending' ? 'https://pay.example/checkout/3f2b8c1e' : null,
    method: status === 'paid' ? 'CREDITCARD' : null,
    providerReference: status === 'paid' ? 'SIM-2026-000042' : null,
    paidAt: status === 'paid' ? '2026-11-23T10:00:00.000Z' : null,
    createdAt: '2026-11-23T09:58:00.000Z',
    returnPath: '/leistungen/hund',
    retryable: status === 'failed' || status === 'cancelled' || status === 'expired',
  };
}

interface Args {
  lang: string;
  quote?: Quote;
  payment?: PaymentView;
  endpoint?: string;
  /** The portal's per-person browser-state token; empty keeps state for the tab only. */
  stateScope?: string;
  /** The application the fee is for; the payment is bound to it. */
  applicationId?: string;
}

const meta: Meta<Args> = {
  title: 'Payment/Payment',
  component: 'efa-payment',
  args: { lang: 'de' },
  argTypes: { lang: { control: 'inline-radio', options: ['de', 'en'] } },
  render: (args) =>
    html`<efa-payment
      lang=${args.lang}
      service="99102013104000"
      endpoint=${args.endpoint ?? '/trpc'}
      state-scope=${args.stateScope ?? ''}
      application-id=${args.applicationId ?? ''}
      .quote=${args.quote}
      .payment=${args.payment}
    ></efa-payment>`,
};
export default meta;
type Story = StoryObj<Args>;

export const Quoted: Story = { args: { quote } };
/** Signed in: an open payment is remembered for this person only (see `state-scope`). */
export const SignedIn: Story = { args: { quote, stateScope: 'c2lnbmVkLWluLXBlcnNvbg' } };
/** The fee of one application (the form assistant's application id): paid once, for it only. */
export const ForApplication: Story = {
  args: {
    quote,
    stateScope: 'c2lnbmVkLWluLXBlcnNvbg',
    applicationId: '0b6f1f7e-3c2a-4d5e-8f90-1a2b3c4d5e6f',
  },
};
export const English: Story = { args: { quote, lang: 'en' } };
export const NoFee: Story = {
  args: { quote: { ...quote, items: [], totalCents: 0, paymentRequired: false } },
};
export const Created: Story = { args: { payment: payment('created') } };
export const Pending: Story = { args: { payment: payment('pending') } };
export const Paid: Story = { args: { payment: payment('paid') } };
export const PaidEnglish: Story = { args: { payment: payment('paid'), lang: 'en' } };
export const Failed: Story = { args: { payment: payment('failed') } };
export const Cancelled: Story = { args: { payment: payment('cancelled') } };
export const Expired: Story = { args: { payment: payment('expired') } };
export const Refunded: Story = { args: { payment: payment('refunded') } };
/** The endpoint cannot be reached: the element says so in an alert. */
export const ServiceUnreachable: Story = { args: { endpoint: 'http://127.0.0.1:9/trpc' } };
export const Mobile: Story = {
  args: { quote },
  globals: { viewport: { value: 'mobile1', isRotated: false } },
};
