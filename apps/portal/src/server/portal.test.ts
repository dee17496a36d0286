import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.js';
import { html } from './html.js';
import { contentSecurityPolicy } from './security-headers.js';

describe('html', () => {
  it('escapes interpolated text and keeps nested html', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<p title="${name}">${html`<b>${name}</b>`}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b></p>',
    );
  });
});

describe('configuration', () => {
  it('has defaults for a local start', () => {
    const config = readConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl.origin).toBe('http://localhost:3000');
    expect(config.theme).toBe('sachsen');
  });

  it('rejects a bad value with a readable message', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readConfig({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
  });

  it('reads TRUSTED_PROXIES (default: nobody) and refuses a bad one with its code (issue 17)', () => {
    expect(readConfig({}).trustedProxies?.entries).toEqual([]);
    expect(readConfig({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' }).trustedProxies?.entries).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
    expect(() => readConfig({ TRUSTED_PROXIES: 'balancer.internal' })).toThrow(ConfigError);
    expect(() => readConfig({ TRUSTED_PROXIES: '0.0.0.0/0' })).toThrow(
      /TRUSTED_PROXIES: TRUSTED_PROXIES_INVALID: /,
    );
  });
});

describe('content security policy', () => {
  it('allows no inline code and adds provider origins only to form-action', () => {
    const csp = contentSecurityPolicy(['http://localhost:3001']);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).toContain("form-action 'self' http://localhost:3001");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
