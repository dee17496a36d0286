import { type Cents, centsSchema } from '@efa-kit/core';
import { z } from 'zod';
import {
  bookingDataSchema,
  type FeeAnswers,
  type LineItem,
  type LocalizedText,
  localizedTextSchema,
  serviceIdSchema,
} from '../schema/index.js';
import { paymentError } from './errors.js';

/**
 * Fee schedules: the authority's Gebührenordnung for one Leistung as data. The server computes
 * every amount from the schedule and the form answers; the browser never supplies an amount.
 */
export type FeeCondition =
  | { answer: string; equals: string | number | boolean }
  | { answer: string; atLeast: number }
  | { all: FeeCondition[] }
  | { any: FeeCondition[] }
  | { not: FeeCondition };

const conditionSchema: z.ZodType<FeeCondition> = z.lazy(() =>
  z.union([
    z.object({ answer: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
    z.object({ answer: z.string(), atLeast: z.number() }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

const itemRuleSchema = z.object({
  id: z.string().regex(/^[\w-]{1,36}$/),
  description: localizedTextSchema,
  unitCents: centsSchema,
  /** A fixed count, or the count the citizen answered (e.g. the number of dogs) within bounds. */
  quantity: z
    .union([
      z.number().int().min(1).max(999),
      z.object({
        answer: z.string(),
        min: z.number().int().min(0).default(0),
        max: z.number().int().max(999),
      }),
    ])
    .default(1),
  when: conditionSchema.optional(),
  /** Booking keys for the cash office (Haushaltsstelle, Objektnummer, Sachkonto …). */
  bookingData: bookingDataSchema.refine((value) => Object.keys(value).length > 0, {
    message: 'Every fee item needs booking data (at least a Haushaltsstelle).',
  }),
});

const reductionRuleSchema = z.object({
  id: z.string().regex(/^[\w-]{1,36}$/),
  description: localizedTextSchema,
  when: conditionSchema,
  /** Whole percent off; 100 is an exemption (Gebührenbefreiung). */
  percent: z.number().int().min(1).max(100),
  /** Item ids the reduction applies to; all items when left out. */
  appliesTo: z.array(z.string()).optional(),
});

export const feeScheduleSchema = z.object({
  serviceId: serviceIdSchema,
  title: localizedTextSchema,
  /**
   * Short booking text after the Kassenzeichen in the provider's `purpose` (≤ 27 characters
   * in all with the 12-digit Kassenzeichen, SEPA-safe), so ASCII letters, digits, spaces and hyphens only.
   */
  purpose: z.string().regex(/^[A-Za-z0-9 -]{1,14}$/),
  items: z.array(itemRuleSchema).min(1).max(99),
  reductions: z.array(reductionRuleSchema).max(20).default([]),
});
export type FeeScheduleInput = z.input<typeof feeScheduleSchema>;
export type FeeSchedule = z.output<typeof feeScheduleSchema>;

export interface ComputedFee {
  schedule: FeeSchedule;
  items: LineItem[];
  totalCents: Cents;
}

function answerValue(answers: FeeAnswers, name: string): string | number | boolean | undefined {
  return Object.hasOwn(answers, name) ? answers[name] : undefined;
}

export function conditionHolds(condition: FeeCondition, answers: FeeAnswers): boolean {
  if ('all' in condition) return condition.all.every((c) => conditionHolds(c, answers));
  if ('any' in condition) return condition.any.some((c) => conditionHolds(c, answers));
  if ('not' in condition) return !conditionHolds(condition.not, answers);
  const value = answerValue(answers, condition.answer);
  if ('equals' in condition) return value === condition.equals;
  return typeof value === 'number' && value >= condition.atLeast;
}

/** Percent of an amount in whole cents, rounded half up, in integer arithmetic only. */
export function percentOf(cents: Cents, percent: number): Cents {
  return Math.floor((cents * percent + 50) / 100);
}

function quantityOf(rule: FeeSchedule['items'][number], answers: FeeAnswers): number {
  if (typeof rule.quantity === 'number') return rule.quantity;
  const value = answerValue(answers, rule.quantity.answer);
  if (value === undefined) return rule.quantity.min;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < rule.quantity.min ||
    value > rule.quantity.max
  ) {
    throw paymentError('PAYMENT_ANSWER_INVALID', { answer: rule.quantity.answer });
  }
  return value;
}

export function computeFee(schedule: FeeSchedule, answers: FeeAnswers): ComputedFee {
  const items: LineItem[] = [];
  for (const rule of schedule.items) {
    if (rule.when && !conditionHolds(rule.when, answers)) continue;
    const quantity = quantityOf(rule, answers);
    if (quantity === 0) continue;
    const gross = rule.unitCents * quantity;
    // German fee law does not stack reductions on one item: the most favourable one applies.
    let best: { percent: number; description: LocalizedText } | undefined;
    for (const reduction of schedule.reductions) {
      if (reduction.appliesTo && !reduction.appliesTo.includes(rule.id)) continue;
      if (!conditionHolds(reduction.when, answers)) continue;
      if (!best || reduction.percent > best.percent) best = reduction;
    }
    const discountCents = best ? percentOf(gross, best.percent) : 0;
    items.push({
      id: rule.id,
      description: rule.description,
      quantity,
      unitCents: rule.unitCents,
      discountCents,
      totalCents: gross - discountCents,
      reductions: best ? [best.description] : [],
      bookingData: rule.bookingData,
    });
  }
  return { schedule, items, totalCents: items.reduce((sum, item) => sum + item.totalCents, 0) };
}

export interface FeeCatalogue {
  schedules: ReadonlyMap<string, FeeSchedule>;
  get(serviceId: string): FeeSchedule;
  compute(serviceId: string, answers: FeeAnswers): ComputedFee;
}

/** Validates schedules once at start-up, so a typo in a Gebührenordnung fails loudly then. */
export function defineFeeSchedules(input: readonly FeeScheduleInput[]): FeeCatalogue {
  const schedules = new Map<string, FeeSchedule>();
  for (const raw of input) {
    const schedule = feeScheduleSchema.parse(raw);
    if (schedules.has(schedule.serviceId))
      throw new RangeError(`Duplicate fee schedule ${schedule.serviceId}`);
    const ids = new Set(schedule.items.map((item) => item.id));
    if (ids.size !== schedule.items.length)
      throw new RangeError(`Duplicate item id in ${schedule.serviceId}`);
    for (const reduction of schedule.reductions) {
      for (const id of reduction.appliesTo ?? []) {
        if (!ids.has(id)) throw new RangeError(`Reduction ${reduction.id} names unknown item ${id}`);
      }
    }
    schedules.set(schedule.serviceId, schedule);
  }
  const get = (serviceId: string) => {
    const schedule = schedules.get(serviceId);
    if (!schedule) throw paymentError('PAYMENT_UNKNOWN_SERVICE', { serviceId });
    return schedule;
  };
  return { schedules, get, compute: (serviceId, answers) => computeFee(get(serviceId), answers) };
}

/**
 * Demonstration schedule (Hundesteuer-Anmeldung, fictional amounts and booking keys): an
 * administrative fee, a dog tag per dog, a surcharge for a dangerous dog, half off with a
 * social pass, and no fee for assistance dogs. Addressed by the Leistungsschlüssel of
 * "Hundesteuer Anmeldung", 99102013104000, the one the jurisdiction finder's catalogue uses
 * (seen in public sources, not yet checked against the FIM catalogue; issue 12).
 */
export const exampleFeeSchedules: FeeScheduleInput[] = [
  {
    serviceId: '99102013104000',
    title: { de: 'Hund anmelden', en: 'Register a dog' },
    purpose: 'Hund anmelden',
    items: [
      {
        id: 'verwaltungsgebuehr',
        description: { de: 'Verwaltungsgebühr Anmeldung', en: 'Administrative fee for the registration' },
        unitCents: 1500,
        bookingData: { Haushaltsstelle: '1.1.2.1.01', Sachkonto: '43110000', Objektnummer: 'HST-ANM' },
      },
      {
        id: 'hundemarke',
        description: { de: 'Hundesteuermarke je Hund', en: 'Dog tax tag per dog' },
        unitCents: 500,
        quantity: { answer: 'dogs', min: 1, max: 20 },
        bookingData: { Haushaltsstelle: '1.1.2.1.01', Sachkonto: '44210000', Objektnummer: 'HST-MARKE' },
      },
      {
        id: 'gefahrhund',
        description: {
          de: 'Prüfung gefährlicher Hund (Wesenstest-Bescheid)',
          en: 'Review for a dangerous dog (temperament test notice)',
        },
        unitCents: 3000,
        when: { answer: 'dangerous', equals: true },
        bookingData: { Haushaltsstelle: '1.2.2.1.02', Sachkonto: '43110000', Objektnummer: 'GEF-HUND' },
      },
    ],
    reductions: [
      {
        id: 'assistenzhund',
        description: { de: 'Gebührenfrei: Assistenzhund', en: 'Exempt: assistance dog' },
        when: { answer: 'assistanceDog', equals: true },
        percent: 100,
      },
      {
        id: 'sozialpass',
        description: { de: 'Ermäßigung Sozialpass (50 %)', en: 'Social pass reduction (50%)' },
        when: { answer: 'socialPass', equals: true },
        percent: 50,
        appliesTo: ['verwaltungsgebuehr'],
      },
    ],
  },
];
