import { describe, expect, it } from 'vitest';
import { berlinMidnight, paymentsCsv } from './export.js';
import { defaultPaymentMethods, offeredMethods } from './methods.js';
import type { PaymentRow } from './storage.js';
import { kassenzeichenFor, luhnCheckDigit } from './storage.js';

describe('payment method lifecycle', () => {
  it('offered giropay and paydirekt until their end in 2024, never after', () => {
    const ids = (date: string) => offeredMethods(defaultPaymentMethods, new Date(date)).map((m) => m.id);
    expect(ids('2024-12-31T12:00:00Z')).toContain('giropay');
    expect(ids('2025-01-01T12:00:00Z')).not.toContain('giropay');
    expect(ids('2025-01-01T12:00:00Z')).not.toContain('paydirekt');
    expect(ids('2030-01-01T00:00:00Z')).not.toContain('wero');
  });

  it('switches a new method on from its start date', () => {
    const methods = [{ id: 'wero', label: { de: 'Wero', en: 'Wero' }, availableFrom: '2027-03-01' }];
    expect(offeredMethods(methods, new Date('2027-02-28T12:00:00Z'))).toEqual([]);
    expect(offeredMethods(methods, new Date('2027-03-01T12:00:00Z'))).toHaveLength(1);
  });
});

describe('Kassenzeichen', () => {
  it('is prefix, 9-digit number and a Luhn check digit that catches a single wrong digit', () => {
    const value = kassenzeichenFor('51', 42);
    expect(value).toMatch(/^51000000042\d$/);
    for (let i = 0; i < value.length - 1; i++) {
      const digit = Number(value[i]);
      const changed = `${value.slice(0, i)}${(digit + 1) % 10}${value.slice(i + 1, -1)}`;
      expect(luhnCheckDigit(changed)).not.toBe(Number(value.at(-1)));
    }
  });
});

describe('reconciliation export', () => {
  it('uses German calendar days, summer and winter time', () => {
    expect(berlinMidnight('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(berlinMidnight('2026-11-23').toISOString()).toBe('2026-11-22T23:00:00.000Z');
  });

  it('quotes separators and defuses cells a spreadsheet would run as formulas', () => {
    const row = {
      id: 'p1',
      kassenzeichen: '510000000016',
      service_id: '99102013104000',
      status: 'paid',
      total_cents: 1050,
      items: [
        {
          id: 'a',
          description: { de: '=HYPERLINK("x";"y")', en: 'x' },
          quantity: 1,
          unitCents: 1050,
          totalCents: 1050,
          discountCents: 0,
          reductions: [],
          bookingData: { Haushaltsstelle: '1.1', Kostenstelle: '+4711' },
        },
      ],
      provider_method: 'PAYPAL',
      provider_transaction_id: 't1',
      provider_reference: null,
      created_at: new Date('2026-11-23T09:00:00Z'),
      paid_at: null,
    } as unknown as PaymentRow;
    const [, line] = paymentsCsv([row]).split('\r\n');
    expect(line).toContain(`;"'=HYPERLINK(""x"";""y"")";10,50;1.1;;;Kostenstelle=+4711;PAYPAL;`);
    expect(line?.startsWith('510000000016;p1;99102013104000;paid;10,50;EUR;')).toBe(true);
  });
});
