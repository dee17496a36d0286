import { randomBytes } from 'node:crypto';
import { type Cents, centsFromDecimal, centsToDecimal } from '@efa-kit/core';

/**
 * XBezahldienste carries amounts as JSON numbers in decimal euros. Inside the kit amounts are
 * integer cents. These helpers cross that edge without a binary float ever holding an amount:
 * decimals are written as literal JSON number text and read back from the raw text.
 */
export class WireDecimal {
  constructor(readonly cents: Cents) {}
}

/** JSON.stringify where every WireDecimal becomes a number literal like 12.50. */
export function toWireJson(value: unknown): string {
  const marker = `efa-decimal-${randomBytes(8).toString('hex')}`;
  const json = JSON.stringify(value, (_key, inner: unknown) =>
    inner instanceof WireDecimal ? `${marker}:${centsToDecimal(inner.cents)}` : inner,
  );
  return json.replace(new RegExp(`"${marker}:(\\d+\\.\\d{2})"`, 'g'), '$1');
}

const amountKeys = ['grosAmount', 'totalNetAmount', 'totalTaxAmount', 'singleNetAmount', 'singleTaxAmount'];
const amountPattern = new RegExp(
  `"(${amountKeys.join('|')})"(\\s*:\\s*)(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`,
  'g',
);

/** JSON.parse where the amount fields stay the decimal text they were sent as. */
export function parseWireJson(text: string): unknown {
  return JSON.parse(text.replace(amountPattern, '"$1"$2"$3"'));
}

/** A wire amount, as kept by `parseWireJson`, to cents; anything else is refused. */
export function wireCents(value: unknown): Cents {
  if (typeof value === 'string') return centsFromDecimal(value);
  throw new RangeError(`Not an amount: ${JSON.stringify(value)}`);
}
