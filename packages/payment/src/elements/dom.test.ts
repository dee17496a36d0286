import { token } from '@efa-kit/theme';
import { describe, expect, it } from 'vitest';
import { tokenDeclarations, tokenMap } from './dom.js';

describe('the element’s spelled-out theme tokens', () => {
  it('are exactly the chains @efa-kit/theme builds', () => {
    const declared = new Map(
      tokenDeclarations
        .trim()
        .split('\n')
        .map((line) => {
          const match = /^--_([\w-]+):(.*);$/.exec(line);
          if (!match?.[1] || !match[2]) throw new Error(`bad line ${line}`);
          return [match[1], match[2]] as const;
        }),
    );
    expect([...declared.keys()].sort()).toEqual(Object.keys(tokenMap).sort());
    for (const [name, themeName] of Object.entries(tokenMap)) {
      expect(declared.get(name), name).toBe(String(token[themeName]));
    }
  });
});
