import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { defineErrors, isEfaError } from '../errors.js';
import { coreMessages } from '../messages/index.js';

/**
 * The one place the kit derives a request's client address (rate limits count per client).
 *
 * Behind a load balancer every request comes from the balancer, so all citizens would share one
 * counter. `X-Forwarded-For` names the real client, but anyone can send that header: it is read
 * only when the direct peer is a configured trusted proxy (TRUSTED_PROXIES, default none), and
 * then from the right: the proxies append, so the right-most address that is not a trusted
 * proxy is the one the first trusted proxy saw. Whatever a client wrote further left is ignored.
 */

export const clientAddressError = defineErrors({
  TRUSTED_PROXIES_INVALID: {
    status: 'INTERNAL_SERVER_ERROR',
    de: coreMessages.de['error.TRUSTED_PROXIES_INVALID'],
    en: coreMessages.en['error.TRUSTED_PROXIES_INVALID'],
  },
});

export interface TrustedProxies {
  /** Whether a (normalised) address is one of the trusted proxies. */
  has(address: string): boolean;
  /** The entries as configured, normalised (for logs and docs). */
  readonly entries: readonly string[];
}

/** Nobody is trusted: the default, so a forged header never counts. */
export const noTrustedProxies: TrustedProxies = { has: () => false, entries: [] };

interface Address {
  address: string;
  family: 'ipv4' | 'ipv6';
}

const mappedIpv4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * An address as node and proxies write it, in one form: IPv4-mapped IPv6 (`::ffff:10.0.0.1`,
 * what a dual-stack socket reports for an IPv4 peer) becomes IPv4, IPv6 is canonical and
 * lower case, brackets, a port and a zone are dropped. Undefined for anything else.
 */
export function normalizeAddress(raw: string): Address | undefined {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  const family = isIP(text);
  if (family === 4) return { address: text, family: 'ipv4' };
  if (family !== 6) return undefined;
  // The WHATWG URL parser writes IPv6 in its canonical (RFC 5952) form.
  const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const mapped = mappedIpv4.exec(canonical);
  if (mapped?.[1] && mapped[2]) {
    const high = Number.parseInt(mapped[1], 16);
    const low = Number.parseInt(mapped[2], 16);
    return { address: `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, family: 'ipv4' };
  }
  return { address: canonical, family: 'ipv6' };
}

function invalid(value: string): never {
  throw clientAddressError('TRUSTED_PROXIES_INVALID', { value: value.slice(0, 80) });
}

/**
 * Reads a list of trusted proxies: IP addresses and CIDR ranges, separated by commas or
 * spaces (`10.0.0.5, 10.0.1.0/24, fd00::/8`). An entry that is not one, or a range of prefix
 * 0 (that would trust every peer's header), is refused with TRUSTED_PROXIES_INVALID.
 */
export function parseTrustedProxies(value: string | readonly string[] | undefined): TrustedProxies {
  const items = (typeof value === 'string' ? value.split(/[\s,]+/) : [...(value ?? [])])
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) return noTrustedProxies;
  const list = new BlockList();
  const entries: string[] = [];
  for (const item of items) {
    const [host = '', prefixText, extra] = item.split('/');
    if (extra !== undefined) invalid(item);
    const parsed = normalizeAddress(host);
    // Only a literal address: no brackets, no port, no host name.
    if (isIP(host) === 0 || !parsed) invalid(item);
    if (prefixText === undefined) {
      list.addAddress(parsed.address, parsed.family);
      entries.push(parsed.address);
      continue;
    }
    if (!/^\d{1,3}$/.test(prefixText)) invalid(item);
    let prefix = Number(prefixText);
    // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
    if (parsed.family === 'ipv4' && isIP(host) === 6) prefix -= 96;
    const max = parsed.family === 'ipv4' ? 32 : 128;
    if (prefix < 1 || prefix > max) invalid(item);
    list.addSubnet(parsed.address, prefix, parsed.family);
    entries.push(`${parsed.address}/${prefix}`);
  }
  return {
    has(address) {
      const parsed = normalizeAddress(address);
      return parsed !== undefined && list.check(parsed.address, parsed.family);
    },
    entries,
  };
}

/** TRUSTED_PROXIES as a zod schema: a host's own env schema can include it. */
export const trustedProxiesSchema = z
  .string()
  .max(4096)
  .optional()
  .transform((value, ctx) => {
    try {
      return parseTrustedProxies(value);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: isEfaError(error) ? error.message : String(error),
      });
      return z.NEVER;
    }
  });

/** Reads TRUSTED_PROXIES from the environment; throws TRUSTED_PROXIES_INVALID for a bad value. */
export function trustedProxiesFromEnv(env: Record<string, string | undefined>): TrustedProxies {
  const raw = env.TRUSTED_PROXIES;
  const parsed = z.object({ TRUSTED_PROXIES: z.string().max(4096).optional() }).safeParse({
    TRUSTED_PROXIES: raw,
  });
  if (!parsed.success) invalid(String(raw));
  return parseTrustedProxies(parsed.data.TRUSTED_PROXIES);
}

function forwardedFor(headers: IncomingHttpHeaders): string[] {
  const header = headers['x-forwarded-for'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text.split(',');
}

/**
 * The client's address: the direct peer, unless the peer is a trusted proxy; then, from the
 * right of X-Forwarded-For, the first address that is not a trusted proxy. An entry that is
 * not an address stops the walk at the trusted hop that passed it on (a client's garbage can
 * never become a fresh rate-limit key). Empty when the socket has no peer address any more.
 */
export function clientAddress(
  req: { socket: { remoteAddress?: string | undefined }; headers: IncomingHttpHeaders },
  trusted: TrustedProxies = noTrustedProxies,
): string {
  const peer = req.socket.remoteAddress;
  const direct = peer === undefined ? undefined : normalizeAddress(peer);
  if (!direct) return peer ?? '';
  let current = direct.address;
  if (!trusted.has(current)) return current;
  const hops = forwardedFor(req.headers);
  while (trusted.has(current)) {
    const next = hops.pop();
    if (next === undefined || next.trim() === '') return current;
    const parsed = normalizeAddress(next);
    if (!parsed) return current;
    current = parsed.address;
  }
  return current;
}

/** `clientAddress` bound to one list, for options that take `(req) => string`. */
export function createClientAddress(trusted: TrustedProxies = noTrustedProxies) {
  return (req: { socket: { remoteAddress?: string | undefined }; headers: IncomingHttpHeaders }): string =>
    clientAddress(req, trusted);
}
