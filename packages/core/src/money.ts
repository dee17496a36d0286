import { z } from 'zod';
import type { Locale } from './i18n.js';

/**
 * Money is integer euro cents everywhere inside the kit. Decimal strings exist only at the
 * edges (wire formats such as XBezahldienste), converted by `centsFromDecimal` /
 * `centsToDecimal` without ever passing through a float.
 */
// Marked pure (as all module-level schemas in core): an element bundle that imports only
// `formatMoney` drops them, and classic zod with them.
export const centsSchema = /* @__PURE__ */ z
  .number()
  .int({ error: 'money.notInteger' })
  .min(0, { error: 'money.negative' })
  .max(100_000_000_00, { error: 'money.tooLarge' });
export type Cents = number;

export const moneySchema = /* @__PURE__ */ z.object({
  cents: centsSchema,
  currency: /* @__PURE__ */ z.literal('EUR'),
});
export type Money = z.infer<typeof moneySchema>;

export function euros(cents: Cents): Money {
  return moneySchema.parse({ cents, currency: 'EUR' });
}

const decimalPattern = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** "12.5" → 1250. Rejects anything that is not a plain non-negative decimal with ≤ 2 places. */
export function centsFromDecimal(value: string): Cents {
  const match = decimalPattern.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal euro amount: ${JSON.stringify(value)}`);
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return Number.parseInt(whole, 10) * 100 + Number.parseInt(fraction, 10);
}

/** 1250 → "12.50" */
export function centsToDecimal(cents: Cents): string {
  const value = centsSchema.parse(cents);
  return `${Math.trunc(value / 100)}.${String(value % 100).padStart(2, '0')}`;
}

/**
 * Formats for people: "12,50 €" in German, "€12.50" in English. Also the elements' euro
 * formatter (`@efa-kit/core/elements`), hence written small. Cents / 100 is exact for display:
 * every integer below 2^53 divided by 100 rounds to the nearest representable value and the
 * formatter rounds to two places.
 */
export function formatMoney(money: Money | Cents, locale: Locale): string {
  return ((typeof money === 'number' ? money : money.cents) / 100).toLocaleString(
    locale === 'en' ? 'en-GB' : 'de-DE',
    { style: 'currency', currency: 'EUR' },
  );
}

export function sumCents(values: readonly Cents[]): Cents {
  return values.reduce((total, value) => total + value, 0);
}
