import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWireJson, toWireJson, WireDecimal, wireCents } from './wire.js';

describe('decimal euros on the wire, integer cents inside', () => {
  it('writes amounts as JSON number literals with two places', () => {
    expect(
      toWireJson({ grosAmount: new WireDecimal(1050), items: [{ totalNetAmount: new WireDecimal(5) }] }),
    ).toBe('{"grosAmount":10.50,"items":[{"totalNetAmount":0.05}]}');
  });

  it('reads amounts from the raw text, so 0.1 + 0.2 style errors cannot happen', () => {
    const parsed = parseWireJson(
      '{"grosAmount": 0.30, "items":[{"totalNetAmount":0.10},{"totalNetAmount":0.2}]}',
    ) as {
      grosAmount: unknown;
      items: { totalNetAmount: unknown }[];
    };
    const sum = parsed.items.reduce((s, item) => s + wireCents(item.totalNetAmount), 0);
    expect(sum).toBe(wireCents(parsed.grosAmount));
    expect(wireCents(parsed.grosAmount)).toBe(30);
  });

  it('refuses amounts with more than two places or in exponent form', () => {
    expect(() =>
      wireCents((parseWireJson('{"grosAmount":1.005}') as { grosAmount: unknown }).grosAmount),
    ).toThrow();
    expect(() =>
      wireCents((parseWireJson('{"grosAmount":1e3}') as { grosAmount: unknown }).grosAmount),
    ).toThrow();
    expect(() => wireCents(12.5)).toThrow();
  });

  it('does not touch amount-like text inside strings', () => {
    const parsed = parseWireJson(JSON.stringify({ description: '"grosAmount": 5' })) as {
      description: string;
    };
    expect(parsed.description).toBe('"grosAmount": 5');
  });

  it('property: every amount survives the round trip exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (cents) => {
        const parsed = parseWireJson(toWireJson({ grosAmount: new WireDecimal(cents) })) as {
          grosAmount: unknown;
        };
        expect(wireCents(parsed.grosAmount)).toBe(cents);
      }),
    );
  });
});
