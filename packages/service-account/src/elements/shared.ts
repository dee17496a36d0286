import type { TrustLevel } from '@efa-kit/core';
import { css, unsafeCSS } from '@lit/reactive-element';

const rank: Record<TrustLevel, number> = { low: 0, substantial: 1, high: 2 };

export function isTrustLevel(value: unknown): value is TrustLevel {
  return value === 'low' || value === 'substantial' || value === 'high';
}

export function levelAtLeast(actual: TrustLevel, required: TrustLevel): boolean {
  return rank[actual] >= rank[required];
}

export function readCookie(name: string): string {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return '';
}

/** The current page as a path, to come back to after login (without an old login result). */
export function currentPath(): string {
  const { pathname, search, hash } = window.location;
  const params = new URLSearchParams(search);
  params.delete('login');
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ''}${hash}`;
}

/**
 * The theme tokens these elements use, as the same `var(--efa-…, var(--kern-…, fallback))`
 * chains `@efa-kit/theme` builds, each declared once on the host as a private property. They
 * are spelled out because the theme's token map and shared styles cost 2 kB gzip, a quarter of
 * `<efa-login>`'s 8 kB budget; tokens.test.ts keeps every chain identical to the theme's.
 */
export const tokenDeclarations = `
  --_text: var(--efa-color-text, var(--kern-color-layout-text-default, #1b1b1f));
  --_muted: var(--efa-color-text-muted, var(--kern-color-layout-text-muted, #4a4a55));
  --_bg: var(--efa-color-background, var(--kern-color-layout-background-default, #ffffff));
  --_action: var(--efa-color-action, var(--kern-color-action-default, #1f3d7a));
  --_on-action: var(--efa-color-action-text, var(--kern-color-action-on-default, #ffffff));
  --_focus: var(--efa-color-focus, var(--kern-color-action-focus-default, #0b0b0b));
  --_danger: var(--efa-color-danger, var(--kern-color-feedback-danger, #b00020));
  --_danger-bg: var(--efa-color-danger-background, var(--kern-color-feedback-danger-background, #fdecee));
  --_warn: var(--efa-color-warning, var(--kern-color-feedback-warning, #7a4b00));
  --_warn-bg: var(--efa-color-warning-background, var(--kern-color-feedback-warning-background, #fff4e0));
  --_info: var(--efa-color-info, var(--kern-color-feedback-info, #1f3d7a));
  --_info-bg: var(--efa-color-info-background, var(--kern-color-feedback-info-background, #e8eef9));
  --_font: var(--efa-font-family, var(--kern-font-family-default, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif));
  --_small: var(--efa-font-size-small, var(--kern-font-size-14, 0.875rem));
  --_body: var(--efa-font-size-body, var(--kern-font-size-16, 1rem));
  --_large: var(--efa-font-size-large, var(--kern-font-size-20, 1.25rem));
  --_lh: var(--efa-line-height, var(--kern-line-height-default, 1.5));
  --_s: var(--efa-space-s, var(--kern-metric-space-small, 0.5rem));
  --_m: var(--efa-space-m, var(--kern-metric-space-default, 1rem));
  --_l: var(--efa-space-l, var(--kern-metric-space-large, 1.5rem));
  --_radius: var(--efa-radius, var(--kern-metric-border-radius-default, 0.25rem));
  --_border: var(--efa-border-width, var(--kern-metric-border-width-default, 2px));
  --_focus-w: var(--efa-focus-width, var(--kern-metric-border-width-bold, 3px));
  --_control: var(--efa-control-height, var(--kern-metric-control-height, 2.75rem));
`;

/** Host, focus ring and button styles as in `@efa-kit/theme` (hostStyles, focusRing, buttonStyles). */
export const baseStyles = css`
  :host {
    ${unsafeCSS(tokenDeclarations)}
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_body);
    line-height: var(--_lh);
    color: var(--_text);
  }
  :host([hidden]) {
    display: none !important;
  }
  * {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(--_focus-w) solid var(--_focus);
    outline-offset: 2px;
  }
  .button {
    display: inline-flex;
    align-items: center;
    min-height: var(--_control);
    min-width: 44px;
    padding: var(--_s) var(--_m);
    border: var(--_border) solid var(--_action);
    border-radius: var(--_radius);
    background: var(--_action);
    color: var(--_on-action);
    font: inherit;
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }
  .button--secondary {
    background: var(--_bg);
    color: var(--_action);
  }
  .message {
    margin: 0 0 var(--_s);
    padding: var(--_s) var(--_m);
    border-inline-start: 4px solid var(--_warn);
    background: var(--_warn-bg);
  }
  .message--error {
    border-color: var(--_danger);
    background: var(--_danger-bg);
  }
  form {
    margin: 0;
  }
`;

/**
 * tRPC's HTTP format in a few lines (GET `path?input=` for queries, POST JSON with the
 * double-submit CSRF header for mutations): the shared endpoint client is larger than these
 * elements need.
 */
export async function call<T>(endpoint: string, path: string, lang: string, mutation = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang };
  if (mutation) {
    headers['content-type'] = 'application/json';
    headers['x-efa-csrf'] = readCookie('efa_csrf');
  }
  const response = await fetch(`${endpoint.replace(/\/+$/, '')}/${path}`, {
    method: mutation ? 'POST' : 'GET',
    headers,
    credentials: 'include',
    ...(mutation ? { body: 'null' } : {}),
  });
  const body = (await response.json()) as { result?: { data: T } };
  if (!response.ok || !body.result) throw new Error(`${path}: ${response.status}`);
  return body.result.data;
}
