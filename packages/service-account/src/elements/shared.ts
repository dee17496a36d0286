import type { TrustLevel } from '@efa-kit/core';
import { type EndpointClient, type RouterClient, routerClient } from '@efa-kit/core/client';

import { css, unsafeCSS } from '@lit/reactive-element';
import type { AccountRouter } from '../server/router.js';
import { tokenDeclarations } from './tokens.generated.js';

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
 * double-submit CSRF header for mutations): core's endpoint client would put the session
 * timeout over its size budget. Like core's, it takes the token from the cookie, or asks
 * `efa.csrfToken` when the page is on another origin than the service (ADR 0009).
 */
function endpointClient(endpoint: string): EndpointClient {
  const base = endpoint.replace(/\/+$/, '');
  const send = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    // No accept-language: these elements show their own text for every failure.
    const response = await fetch(`${base}/${path}`, { ...init, credentials: 'include' });
    const body = (await response.json()) as { result?: { data: T } };
    if (!response.ok || !body.result) throw new Error(path);
    return body.result.data;
  };
  return {
    query: (path, input) =>
      send(input === undefined ? path : `${path}?input=${encodeURIComponent(JSON.stringify(input))}`),
    mutation: async (path, input) =>
      send(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Asked for each mutation when the cookie is the service's on another origin: these
          // elements send one every few minutes at most ("stay logged in").
          'x-efa-csrf': readCookie('efa_csrf') || (await send<{ token: string }>('efa.csrfToken')).token,
        },
        ...(input === undefined ? {} : { body: JSON.stringify(input) }),
      }),
  };
}

/**
 * `account.*` through core's `routerClient`: input and output types inferred from the account
 * router (a type-only import, so no server code reaches the bundle).
 */
export function accountClient(endpoint: string): RouterClient<AccountRouter> {
  return routerClient<AccountRouter>(endpointClient(endpoint), 'account');
}
