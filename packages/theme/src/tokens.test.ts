import { describe, expect, it } from 'vitest';
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
