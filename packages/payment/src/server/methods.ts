import type { LocalizedText } from '../schema/index.js';

/**
 * Payment methods are configuration with a lifecycle: each has the dates it is offered from
 * and until, so a retired method (giropay and paydirekt ended on 31 Dec 2024) disappears by
 * itself and a new one (Wero) can be switched on centrally on a date.
 */
export interface PaymentMethod {
  id: string;
  label: LocalizedText;
  /** ISO date (inclusive) from which the method is offered; offered from the start when absent. */
  availableFrom?: string;
  /** ISO date (inclusive) after which the method is no longer offered. */
  availableUntil?: string;
  /** Switched off by configuration regardless of dates. */
  enabled?: boolean;
}

export const defaultPaymentMethods: readonly PaymentMethod[] = [
  { id: 'card', label: { de: 'Kreditkarte', en: 'Credit card' } },
  { id: 'paypal', label: { de: 'PayPal', en: 'PayPal' } },
  { id: 'sepa-direct-debit', label: { de: 'SEPA-Lastschrift', en: 'SEPA direct debit' } },
  { id: 'transfer', label: { de: 'Überweisung', en: 'Bank transfer' } },
  { id: 'giropay', label: { de: 'giropay', en: 'giropay' }, availableUntil: '2024-12-31' },
  { id: 'paydirekt', label: { de: 'paydirekt', en: 'paydirekt' }, availableUntil: '2024-12-31' },
  // Wero is the successor of giropay; providers switch it on when their contracts allow.
  { id: 'wero', label: { de: 'Wero', en: 'Wero' }, enabled: false },
];

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function offeredMethods(methods: readonly PaymentMethod[], now: Date = new Date()): PaymentMethod[] {
  const today = isoDay(now);
  return methods.filter(
    (method) =>
      method.enabled !== false &&
      (!method.availableFrom || method.availableFrom <= today) &&
      (!method.availableUntil || today <= method.availableUntil),
  );
}
