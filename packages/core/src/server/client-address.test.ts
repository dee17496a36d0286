import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isEfaError } from '../errors.js';
import {
  clientAddress,
  normalizeAddress,
  parseTrustedProxies,
  type TrustedProxies,
  trustedProxiesFromEnv,
  trustedProxiesSchema,
} from './client-address.js';

const request = (peer: string | undefined, forwardedFor?: string | string[]) => ({
  socket: { remoteAddress: peer },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

function refusedCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isEfaError(error) ? error.code : `uncoded: ${String(error)}`;
  }
  return undefined;
}

describe('client address behind proxies (issue 17)', () => {
  it('by default the peer is the client and X-Forwarded-For is never read', () => {
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'))).toBe('203.0.113.7');
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), trustedProxiesFromEnv({}))).toBe('127.0.0.1');
  });

  it('a spoofed header from a peer that is not a trusted proxy is ignored', () => {
    const trusted = parseTrustedProxies('10.0.0.5');
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), trusted)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.6', '198.51.100.1'), trusted)).toBe('10.0.0.6');
  });

  it('from a trusted proxy, the right-most address that is not a trusted proxy', () => {
    const trusted = parseTrustedProxies('10.0.0.5, 10.0.1.0/24');
    // A client forged "1.2.3.4"; the edge proxy 10.0.1.9 appended the real client, the balancer 10.0.0.5 the edge.
    const req = request('10.0.0.5', '1.2.3.4, 198.51.100.23, 10.0.1.9');
    expect(clientAddress(req, trusted)).toBe('198.51.100.23');
    // Several X-Forwarded-For lines count as one list, in order.
    expect(clientAddress(request('10.0.0.5', ['1.2.3.4', '198.51.100.23, 10.0.1.9']), trusted)).toBe(
      '198.51.100.23',
    );
    // The trusted proxy sent no header: the proxy itself is the client (never an empty key).
    expect(clientAddress(request('10.0.0.5'), trusted)).toBe('10.0.0.5');
    // Every hop trusted: the left-most.
    expect(clientAddress(request('10.0.0.5', '10.0.1.3, 10.0.1.9'), trusted)).toBe('10.0.1.3');
  });

  it('garbage next to a trusted hop stops at that hop, so it never becomes a fresh key', () => {
    const trusted = parseTrustedProxies('10.0.0.5');
    expect(clientAddress(request('10.0.0.5', 'not-an-address'), trusted)).toBe('10.0.0.5');
    expect(clientAddress(request('10.0.0.5', '198.51.100.1, '), trusted)).toBe('10.0.0.5');
    // Garbage further left, behind an untrusted address, is never looked at.
    expect(clientAddress(request('10.0.0.5', 'x, 198.51.100.1'), trusted)).toBe('198.51.100.1');
  });

  it('IPv6 and IPv4-mapped IPv6 addresses', () => {
    expect(normalizeAddress('::ffff:10.0.0.5')).toEqual({ address: '10.0.0.5', family: 'ipv4' });
    expect(normalizeAddress('::FFFF:a00:5')).toEqual({ address: '10.0.0.5', family: 'ipv4' });
    expect(normalizeAddress('2001:DB8:0:0::1')).toEqual({ address: '2001:db8::1', family: 'ipv6' });
    expect(normalizeAddress('[2001:db8::1]:443')).toEqual({ address: '2001:db8::1', family: 'ipv6' });
    expect(normalizeAddress('198.51.100.1:8080')).toEqual({ address: '198.51.100.1', family: 'ipv4' });
    expect(normalizeAddress('fe80::1%eth0')).toEqual({ address: 'fe80::1', family: 'ipv6' });
    expect(normalizeAddress('example.org')).toBeUndefined();

    // A dual-stack socket reports an IPv4 balancer as ::ffff:…; an IPv4 entry matches it.
    const trusted = parseTrustedProxies('10.0.0.0/8, fd00::/8');
    expect(clientAddress(request('::ffff:10.0.0.5', '2001:db8::7'), trusted)).toBe('2001:db8::7');
    expect(clientAddress(request('fd12::1', '::ffff:198.51.100.9'), trusted)).toBe('198.51.100.9');
    expect(clientAddress(request('fe80::1', '198.51.100.9'), trusted)).toBe('fe80::1');
    // A mapped range is the IPv4 range it maps.
    const mapped = parseTrustedProxies('::ffff:10.0.0.0/104');
    expect(mapped.entries).toEqual(['10.0.0.0/8']);
    expect(mapped.has('10.200.0.1')).toBe(true);
    expect(mapped.has('11.0.0.1')).toBe(false);
  });

  it('a bad TRUSTED_PROXIES value is refused with a coded error', () => {
    for (const value of [
      'proxy.internal',
      '10.0.0.5/33',
      '10.0.0.0/0',
      '::/0',
      '10.0.0.5/',
      '10.0.0.5/8/8',
      '[::1]',
      '10.0.0.5:80',
      '*',
      '300.1.1.1',
    ]) {
      expect(
        refusedCode(() => parseTrustedProxies(value)),
        value,
      ).toBe('TRUSTED_PROXIES_INVALID');
      expect(
        refusedCode(() => trustedProxiesFromEnv({ TRUSTED_PROXIES: value })),
        value,
      ).toBe('TRUSTED_PROXIES_INVALID');
      const parsed = trustedProxiesSchema.safeParse(value);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/^TRUSTED_PROXIES_INVALID: /);
    }
    expect(refusedCode(() => trustedProxiesFromEnv({ TRUSTED_PROXIES: 'a'.repeat(5000) }))).toBe(
      'TRUSTED_PROXIES_INVALID',
    );
    expect(trustedProxiesFromEnv({ TRUSTED_PROXIES: ' 127.0.0.1 ::1  10.1.0.0/16,' }).entries).toEqual([
      '127.0.0.1',
      '::1',
      '10.1.0.0/16',
    ]);
  });

  it('over a real socket: the header counts from a trusted peer only', async () => {
    let trusted: TrustedProxies = parseTrustedProxies('10.9.9.9');
    const server = createServer((req, res) => res.end(clientAddress(req, trusted)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const ask = async () =>
      (await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '198.51.100.4' } })).text();
    try {
      expect(await ask()).toBe('127.0.0.1');
      trusted = parseTrustedProxies('127.0.0.1');
      expect(await ask()).toBe('198.51.100.4');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
