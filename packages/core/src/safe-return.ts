/**
 * The one place that decides where the kit may send a browser back to. Every redirect the kit
 * makes (login return, login cancel, payment return, logout) passes its target through
 * `safeReturnPath`, so an attacker-chosen value can never lead off the portal (open redirect,
 * CWE-601). Only same-origin paths survive; the answer is always a path starting with exactly
 * one "/", which a browser cannot read as another host.
 */

/** Longest return path kept; longer values are refused rather than cut. */
export const maxReturnPathLength = 2048;

// C0 controls, DEL and the C1 range: browsers strip or reinterpret them ("/\t/evil" is "//evil").
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;
// Percent-encoded slash, backslash, dot or control character: servers and proxies that decode
// once more than we do would see a different path than the one we checked.
const encodedTricks = /%(?:2f|5c|2e|[01][0-9a-f]|7f|25)/i;

/**
 * `value` as a same-origin path (path, query and fragment), or `null` when it is missing,
 * not a string, too long, contains control characters, backslashes or encoded separators,
 * names another origin, or would resolve to a protocol-relative "//host" form. Absolute URLs
 * on the public origin are accepted and reduced to their path.
 */
export function safeReturnPath(value: unknown, publicOrigin: string | URL): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxReturnPathLength) return null;
  if (controlCharacters.test(value) || value.includes('\\') || encodedTricks.test(value)) return null;
  const origin = new URL(publicOrigin).origin;
  // A relative path must start with one slash; "//host", "/\host" and "host/x" are refused
  // before resolution so that no base-dependent reading can apply.
  // An absolute URL must spell our origin out ("https:evil.example" would resolve as a path).
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(value);
  if (absolute && !`${value.toLowerCase()}/`.startsWith(`${origin.toLowerCase()}/`)) return null;
  if (!absolute && (!value.startsWith('/') || value.startsWith('//'))) return null;
  let resolved: URL;
  try {
    resolved = new URL(value, origin);
  } catch {
    return null;
  }
  if (resolved.origin !== origin || resolved.username || resolved.password) return null;
  // "/.//evil.example/x" resolves on our origin to the path "//evil.example/x", which as a
  // Location header is protocol-relative: another host.
  if (resolved.pathname.startsWith('//')) return null;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Belt and braces: the answer read back as a URL stays on our origin.
  return new URL(path, origin).origin === origin ? path : null;
}

/** `safeReturnPath(value, publicOrigin)`, or `fallback` (by default the start page). */
export function returnPathOr(value: unknown, publicOrigin: string | URL, fallback = '/'): string {
  return safeReturnPath(value, publicOrigin) ?? fallback;
}
