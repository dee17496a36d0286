import { tokenProperties } from '@efa-kit/theme';
import { describe, expect, it } from 'vitest';
import { tokenDeclarations } from './shared.js';

describe('element tokens', () => {
  it('spells every theme token exactly as @efa-kit/theme does', () => {
    const chains = [...tokenDeclarations.matchAll(/--_[\w-]+:\s*(var\(.*\));/g)].map((m) => m[1]);
    expect(chains.length).toBeGreaterThan(20);
    const expected = new Set(
      Object.values(tokenProperties).map(
        ({ efa, kern, fallback }) => `var(${efa}, var(${kern}, ${fallback}))`,
      ),
    );
    for (const chain of chains) expect(expected).toContain(chain);
  });
});
