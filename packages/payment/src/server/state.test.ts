import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PaymentStatus, paymentStatuses, providerStatuses } from '../schema/index.js';
import { allowedTransitions, nextStatus, type PaymentEvent } from './state.js';

const status = fc.constantFrom(...paymentStatuses);
const event: fc.Arbitrary<PaymentEvent> = fc.oneof(
  fc.constantFrom(...providerStatuses).map((s) => ({ type: 'provider', status: s }) as const),
  fc.constant({ type: 'rejected' } as const),
  fc.constant({ type: 'expire' } as const),
  fc.constant({ type: 'refund' } as const),
);
const canRefund = fc.boolean();

function run(start: PaymentStatus, events: PaymentEvent[], refund: boolean): PaymentStatus[] {
  const seen = [start];
  let current = start;
  for (const e of events) {
    current = nextStatus(current, e, { canRefund: refund });
    seen.push(current);
  }
  return seen;
}

describe('payment state machine (property tests)', () => {
  it('every change is an allowed transition', () => {
    fc.assert(
      fc.property(status, event, canRefund, (from, e, refund) => {
        const to = nextStatus(from, e, { canRefund: refund });
        if (to !== from) expect(allowedTransitions[from]).toContain(to);
      }),
    );
  });

  it('applying the same answer twice is the same as once (idempotent)', () => {
    fc.assert(
      fc.property(status, event, canRefund, (from, e, refund) => {
        const once = nextStatus(from, e, { canRefund: refund });
        expect(nextStatus(once, e, { canRefund: refund })).toBe(once);
      }),
    );
  });

  it('a provider success always completes the payment, however late (unless already refunded)', () => {
    fc.assert(
      fc.property(status, (from) => {
        const to = nextStatus(from, { type: 'provider', status: 'PAYED' });
        expect(to).toBe(from === 'refunded' ? 'refunded' : 'paid');
      }),
    );
  });

  it('a paid payment never leaves paid except by a refund the provider supports', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), canRefund, (events, refund) => {
        const path = run('paid', events, refund);
        for (const s of path) expect(['paid', 'refunded']).toContain(s);
        if (!refund) expect(path.every((s) => s === 'paid')).toBe(true);
      }),
    );
  });

  it('from created, any sequence of answers stays inside the lifecycle and refunds only follow paid', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), canRefund, (events, refund) => {
        const path = run('created', events, refund);
        for (let i = 1; i < path.length; i++) {
          const before = path[i - 1] as PaymentStatus;
          const after = path[i] as PaymentStatus;
          if (after === 'refunded' && before !== 'refunded') expect(before).toBe('paid');
          expect(paymentStatuses).toContain(after);
        }
      }),
    );
  });

  it('our own expiry and rejection only touch open payments; a stale INITIAL changes nothing final', () => {
    fc.assert(
      fc.property(status, (from) => {
        const open = from === 'created' || from === 'pending';
        expect(nextStatus(from, { type: 'expire' })).toBe(open ? 'expired' : from);
        expect(nextStatus(from, { type: 'rejected' })).toBe(from === 'created' ? 'failed' : from);
        expect(nextStatus(from, { type: 'provider', status: 'INITIAL' })).toBe(open ? 'pending' : from);
      }),
    );
  });

  it('covers every listed transition with some event', () => {
    for (const [from, targets] of Object.entries(allowedTransitions) as [PaymentStatus, PaymentStatus[]][]) {
      for (const to of targets) {
        const reached = [
          ...providerStatuses.map((s) => ({ type: 'provider', status: s }) as const),
          { type: 'rejected' } as const,
          { type: 'expire' } as const,
          { type: 'refund' } as const,
        ].some((e) => nextStatus(from, e, { canRefund: true }) === to);
        expect(reached, `${from} → ${to}`).toBe(true);
      }
    }
  });
});
