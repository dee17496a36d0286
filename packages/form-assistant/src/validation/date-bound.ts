import type { DateBound } from '../schema/definition.js';

/** Resolves "today-18y" and friends to an ISO date; ISO dates pass through. */
export function resolveDateBound(bound: DateBound, today: string): string {
  const match = /^today(?:([+-])(\d{1,4})([dmy]))?$/.exec(bound);
  if (!match) return bound;
  const [, sign, amountText, unit] = match;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  if (!sign || !amountText || !unit) return today;
  const amount = Number(amountText) * (sign === '-' ? -1 : 1);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (unit === 'd') date.setUTCDate(date.getUTCDate() + amount);
  if (unit === 'm') date.setUTCMonth(date.getUTCMonth() + amount);
  if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + amount);
  return date.toISOString().slice(0, 10);
}
