import { describe, expect, it } from 'vitest';
import { returnPathOr, safeReturnPath } from './safe-return.js';

const origin = 'https://portal.example';

describe('safeReturnPath', () => {
  it.each([
    ['/', '/'],
    ['/antrag/hund-anmelden', '/antrag/hund-anmelden'],
    ['/antrag/hund-anmelden?step=2#daten', '/antrag/hund-anmelden?step=2#daten'],
    ['/mein-konto?lang=en', '/mein-konto?lang=en'],
    ['/a/../b', '/b'],
    ['/a/./b', '/a/b'],
    ['https://portal.example/mein-konto', '/mein-konto'],
    ['/gebühr', '/geb%C3%BChr'],
    ['/search?q=a%20b', '/search?q=a%20b'],
  ])('keeps the same-origin path %j as %j', (input, expected) => {
    expect(safeReturnPath(input, origin)).toBe(expected);
  });

  // Known open-redirect bypass forms (OWASP, PortSwigger, the probe of issue 11).
  it.each([
    ['empty', ''],
    ['protocol-relative', '//evil.example/x'],
    ['dot segment before a double slash (the probe)', '/.//evil.example/x'],
    ['dot-dot before a double slash', '/a/..//evil.example'],
    ['triple slash', '///evil.example'],
    ['backslash', '/\\evil.example'],
    ['two backslashes', '\\\\evil.example'],
    ['backslash after slash-dot', '/.\\\\evil.example'],
    ['tab between the slashes', '/\t/evil.example'],
    ['newline between the slashes', '/\n/evil.example'],
    ['carriage return (header splitting)', '/x\r\nSet-Cookie: a=b'],
    ['NUL', '/x\u0000'],
    ['DEL', '/x\u007f'],
    ['C1 control', '/x\u0085'],
    ['encoded slash', '/%2f%2fevil.example'],
    ['encoded slash in upper case', '/%2F%2Fevil.example'],
    ['encoded backslash', '/%5cevil.example'],
    ['encoded dot segment', '/%2e%2e/%2e%2e//evil.example'],
    ['double-encoded slash', '/%252f%252fevil.example'],
    ['encoded NUL', '/x%00'],
    ['encoded tab', '/%09/evil.example'],
    ['another origin', 'https://evil.example/x'],
    ['same host, other scheme', 'http://portal.example/x'],
    ['same host, other port', 'https://portal.example:8443/x'],
    ['credentials on our host', 'https://user:pw@portal.example/x'],
    ['our host as user info of another', 'https://portal.example@evil.example/x'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['data scheme', 'data:text/html,<script>alert(1)</script>'],
    ['relative without slash', 'evil.example/x'],
    ['scheme without slashes', 'https:evil.example'],
    ['too long', `/${'a'.repeat(2048)}`],
  ])('refuses %s', (_name, input) => {
    expect(safeReturnPath(input, origin)).toBeNull();
  });

  it.each([[undefined], [null], [42], [{ path: '/' }], [['/']]])('refuses the non-string %j', (input) => {
    expect(safeReturnPath(input, origin)).toBeNull();
  });

  it('never answers a value that a browser would read as another host', () => {
    const inputs = ['/', '/.//x', '/a/..//b', '//x', '/\\x', '/%2f/x', 'https://portal.example//x'];
    for (const input of inputs) {
      const path = safeReturnPath(input, origin);
      if (path !== null) expect(new URL(path, origin).origin).toBe(origin);
      if (path !== null) expect(path.startsWith('//')).toBe(false);
    }
  });

  it('falls back to the start page or a given path', () => {
    expect(returnPathOr('//evil.example', origin)).toBe('/');
    expect(returnPathOr('//evil.example', origin, '/mein-konto')).toBe('/mein-konto');
    expect(returnPathOr('/ok', origin, '/mein-konto')).toBe('/ok');
  });
});
