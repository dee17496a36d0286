import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferToBase64 } from './base64.js';

/** jose's own fallback (lib/buffer_utils.js), the reference the replacement must equal. */
function joseFallback(input: Uint8Array, url: boolean): string {
  const chunks: string[] = [];
  for (let i = 0; i < input.length; i += 32768)
    chunks.push(String.fromCharCode.apply(null, Array.from(input.subarray(i, i + 32768))));
  const encoded = btoa(chunks.join(''));
  return url ? encoded.replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_') : encoded;
}

describe('Uint8Array.prototype.toBase64 backed by Buffer', () => {
  it('equals the btoa encoding for both alphabets, with and without padding, on views at any offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(8), fc.nat(8), (bytes, start, end) => {
        const view = bytes.subarray(Math.min(start, bytes.length), Math.max(start, bytes.length - end));
        expect(bufferToBase64.call(view, { alphabet: 'base64url', omitPadding: true })).toBe(
          joseFallback(view, true),
        );
        const padded = joseFallback(view, false);
        expect(bufferToBase64.call(view)).toBe(padded);
        expect(bufferToBase64.call(view, { omitPadding: true })).toBe(padded.replace(/=+$/, ''));
        expect(bufferToBase64.call(view, { alphabet: 'base64url' })).toBe(
          padded.replace(/\+/g, '-').replace(/\//g, '_'),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('refuses an unknown alphabet and a receiver that is not a Uint8Array', () => {
    expect(() => bufferToBase64.call(new Uint8Array(3), { alphabet: 'hex' as 'base64' })).toThrow(TypeError);
    expect(() => bufferToBase64.call([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('is what jose encodes JWEs with in this process', async () => {
    await import('./encrypt.js');
    expect(typeof (Uint8Array.prototype as { toBase64?: unknown }).toBase64).toBe('function');
  });
});
