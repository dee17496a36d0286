import { describe, expect, it } from 'vitest';
import { newCsrfToken } from './csrf-token.js';

describe('CSRF tokens', () => {
  it('are 32 base64url characters and never repeat, across refills of the pool', () => {
    const tokens = Array.from({ length: 1000 }, () => newCsrfToken());
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('use every bit: over 1000 tokens each of the 64 characters turns up in every position', () => {
    const tokens = Array.from({ length: 1000 }, () => newCsrfToken());
    // A pool cut at the wrong offsets (zeros, a repeated slice) would leave positions constant.
    for (let position = 0; position < 32; position++)
      expect(new Set(tokens.map((token) => token[position])).size).toBeGreaterThan(40);
  });
});
