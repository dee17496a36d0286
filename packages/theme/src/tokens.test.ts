import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elementTokensModule, elementTokenTargets, privateTokensUsed } from './element-tokens.js';
import { token, tokenProperties } from './tokens.js';

describe('tokens', () => {
  it('read the efa token first, then KERN, then a neutral value', () => {
    expect(String(token.colorAction)).toBe(
      'var(--efa-color-action, var(--kern-color-action-default, #1f3d7a))',
    );
  });

  it('all use the --efa- and --kern- prefixes and have a fallback', () => {
    for (const { efa, kern, fallback } of Object.values(tokenProperties)) {
      expect(efa).toMatch(/^--efa-[a-z0-9-]+$/);
      expect(kern).toMatch(/^--kern-[a-z0-9-]+$/);
      expect(fallback).not.toBe('');
    }
  });
});

describe('the generated element token declarations', () => {
  it.each(elementTokenTargets)(
    'of %s are current (run `pnpm --filter @efa-kit/theme element-tokens`)',
    (target) => {
      const dir = new URL(`../../${target}/`, import.meta.url);
      const sources = readdirSync(dir)
        .filter((file) => file.endsWith('.ts') && !file.includes('.test.') && !file.includes('.stories.'))
        .filter((file) => file !== 'tokens.generated.ts')
        .map((file) => readFileSync(new URL(file, dir), 'utf8'));
      expect(readFileSync(new URL('tokens.generated.ts', dir), 'utf8')).toBe(
        elementTokensModule(privateTokensUsed(sources)),
      );
    },
  );

  it('refuse a private name the theme has no token for', () => {
    expect(() => elementTokensModule(privateTokensUsed(['a{color:var(--_txet)}']))).toThrow('--_txet');
  });
});
