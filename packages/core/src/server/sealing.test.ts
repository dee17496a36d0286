import { describe, expect, it } from 'vitest';
import { createDataSealer, generateDataKeyEntry, parseDataKeyRing, SealError } from './sealing.js';

const text = new TextEncoder();

describe('data sealing (envelope encryption at rest)', () => {
  const ring = parseDataKeyRing(generateDataKeyEntry('k1'));
  const sealer = createDataSealer(ring);

  it('opens what it sealed, and the sealed bytes do not contain the plaintext', () => {
    const plaintext = text.encode('Erika Mustermann, Hauptstraße 1, 01796 Pirna');
    const sealed = sealer.seal(plaintext, 'upload:1');
    expect(Buffer.from(sealed).includes(Buffer.from('Mustermann'))).toBe(false);
    expect(Buffer.from(sealer.open(sealed, 'upload:1')).toString('utf8')).toBe(
      'Erika Mustermann, Hauptstraße 1, 01796 Pirna',
    );
  });

  it('refuses a value bound to another context or altered by one bit', () => {
    const sealed = sealer.seal(text.encode('secret'), 'upload:1');
    expect(() => sealer.open(sealed, 'upload:2')).toThrow(SealError);
    const altered = Uint8Array.from(sealed);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    expect(() => sealer.open(altered, 'upload:1')).toThrow(SealError);
    expect(() => sealer.open(text.encode('plain'), 'upload:1')).toThrow(SealError);
  });

  it('opens values of a rotated-out key as long as the ring keeps it', () => {
    const old = parseDataKeyRing(generateDataKeyEntry('k1'));
    const sealedOld = createDataSealer(old).seal(text.encode('alt'), 'c');
    const rotated = parseDataKeyRing(
      `${generateDataKeyEntry('k2')},k1:${Buffer.from(old.keys.get('k1') ?? []).toString('base64url')}`,
    );
    const sealer2 = createDataSealer(rotated);
    expect(sealer2.currentKeyId).toBe('k2');
    expect(Buffer.from(sealer2.open(sealedOld, 'c')).toString()).toBe('alt');
    expect(() => createDataSealer(parseDataKeyRing(generateDataKeyEntry('k3'))).open(sealedOld, 'c')).toThrow(
      /not configured/,
    );
  });

  it('parses key rings strictly', () => {
    expect(() => parseDataKeyRing('')).toThrow(/no key/);
    expect(() => parseDataKeyRing('k1:short')).toThrow(/32 bytes/);
    expect(() => parseDataKeyRing('k 1:AAAA')).toThrow(/id:base64url/);
    const entry = generateDataKeyEntry('k1');
    expect(() => parseDataKeyRing(`${entry},${entry}`)).toThrow(/twice/);
  });
});
