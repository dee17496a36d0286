import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFee, defineFeeSchedules, exampleFeeSchedules, percentOf } from './fees.js';

const catalogue = defineFeeSchedules(exampleFeeSchedules);
const dog = '99102013104000';

describe('fee computation', () => {
  it('charges the administrative fee and one tag per dog', () => {
    const fee = catalogue.compute(dog, { dogs: 3 });
    expect(fee.items.map((i) => [i.id, i.quantity, i.totalCents])).toEqual([
      ['verwaltungsgebuehr', 1, 1500],
      ['hundemarke', 3, 1500],
    ]);
    expect(fee.totalCents).toBe(3000);
    expect(fee.items[0]?.bookingData.Haushaltsstelle).toBe('1.1.2.1.01');
  });

  it('adds the dangerous-dog item only when the answer says so', () => {
    expect(catalogue.compute(dog, { dogs: 1, dangerous: true }).totalCents).toBe(1500 + 500 + 3000);
    expect(catalogue.compute(dog, { dogs: 1, dangerous: false }).totalCents).toBe(2000);
  });

  it('halves only the administrative fee with a social pass', () => {
    const fee = catalogue.compute(dog, { dogs: 2, socialPass: true });
    expect(fee.items[0]).toMatchObject({ discountCents: 750, totalCents: 750 });
    expect(fee.items[0]?.reductions[0]?.de).toContain('Sozialpass');
    expect(fee.items[1]).toMatchObject({ discountCents: 0, totalCents: 1000 });
    expect(fee.totalCents).toBe(1750);
  });

  it('exempts assistance dogs entirely, and the most favourable reduction wins', () => {
    const fee = catalogue.compute(dog, { dogs: 2, socialPass: true, assistanceDog: true, dangerous: true });
    expect(fee.totalCents).toBe(0);
    expect(fee.items.every((item) => item.reductions[0]?.en === 'Exempt: assistance dog')).toBe(true);
  });

  it('refuses answers outside the schedule bounds instead of guessing', () => {
    for (const dogs of [0, 21, 1.5, '2', -1]) {
      expect(() => catalogue.compute(dog, { dogs })).toThrowError(
        expect.objectContaining({ code: 'PAYMENT_ANSWER_INVALID' }),
      );
    }
  });

  it('does not read inherited properties as answers', () => {
    const answers = JSON.parse('{"__proto__": {"dangerous": true}, "dogs": 1}');
    expect(catalogue.compute(dog, answers).totalCents).toBe(2000);
  });

  it('names an unknown service with its own error', () => {
    expect(() => catalogue.compute('99999999999999', {})).toThrowError(
      expect.objectContaining({ code: 'PAYMENT_UNKNOWN_SERVICE' }),
    );
  });

  it('rejects schedules without booking data or with dangling references at start-up', () => {
    const [base] = exampleFeeSchedules;
    if (!base) throw new Error('no example');
    expect(() =>
      defineFeeSchedules([
        { ...base, items: [{ id: 'x', description: base.title, unitCents: 100, bookingData: {} }] },
      ]),
    ).toThrow();
    expect(() =>
      defineFeeSchedules([
        {
          ...base,
          reductions: [
            {
              id: 'r',
              description: base.title,
              when: { answer: 'a', equals: true },
              percent: 10,
              appliesTo: ['nope'],
            },
          ],
        },
      ]),
    ).toThrow(/unknown item/);
    expect(() => defineFeeSchedules([base, base])).toThrow(/Duplicate/);
  });

  it('rounds percentages half up in whole cents', () => {
    expect(percentOf(1, 50)).toBe(1);
    expect(percentOf(3, 50)).toBe(2);
    expect(percentOf(999, 33)).toBe(330);
    expect(percentOf(1500, 100)).toBe(1500);
  });

  it('property: the total is the sum of the items, never negative, never above the undiscounted sum', () => {
    const schedule = catalogue.get(dog);
    fc.assert(
      fc.property(
        fc.record({
          dogs: fc.integer({ min: 1, max: 20 }),
          dangerous: fc.boolean(),
          socialPass: fc.boolean(),
          assistanceDog: fc.boolean(),
        }),
        (answers) => {
          const fee = computeFee(schedule, answers);
          const sum = fee.items.reduce((s, item) => s + item.totalCents, 0);
          const gross = fee.items.reduce((s, item) => s + item.unitCents * item.quantity, 0);
          expect(fee.totalCents).toBe(sum);
          expect(fee.totalCents).toBeGreaterThanOrEqual(0);
          expect(fee.totalCents).toBeLessThanOrEqual(gross);
          for (const item of fee.items) {
            expect(Number.isInteger(item.totalCents)).toBe(true);
            expect(item.totalCents + item.discountCents).toBe(item.unitCents * item.quantity);
          }
        },
      ),
    );
  });
});
