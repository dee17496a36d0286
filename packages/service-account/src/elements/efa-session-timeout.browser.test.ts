import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../index.js';
import type { EfaSessionTimeoutDetail, EfaSessionTimeoutElement } from './efa-session-timeout.js';

const backend = `http://${location.hostname}:${inject('accountBackendPort')}`;
const endpoint = `${backend}/trpc`;

async function until(check: () => boolean, ms = 8_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

async function mount(attributes: Record<string, string>): Promise<EfaSessionTimeoutElement> {
  const element = document.createElement('efa-session-timeout');
  element.setAttribute('endpoint', endpoint);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

const dialog = (element: EfaSessionTimeoutElement) =>
  element.shadowRoot?.querySelector('dialog') as HTMLDialogElement;

beforeEach(() => {
  // A German page, as the portal's; the element follows it when it has no lang of its own.
  document.documentElement.lang = 'de';
});

afterEach(() => {
  document.body.replaceChildren();
});

describe('<efa-session-timeout>', () => {
  it('stays closed while the session has time left', async () => {
    const element = await mount({ 'expires-at': inSeconds(600) });
    expect(dialog(element).open).toBe(false);
  });

  it('warns before the timeout in a labelled modal dialog with the time left', async () => {
    const element = await mount({ 'expires-at': inSeconds(90), 'warn-before': '120' });
    await until(() => dialog(element).open);
    const d = dialog(element);
    expect(d.getAttribute('aria-labelledby')).toBe('title');
    expect(element.shadowRoot?.getElementById('title')?.textContent).toBe('Ihre Sitzung läuft bald ab');
    expect(element.shadowRoot?.getElementById('text')?.textContent).toMatch(
      /in 1 Minute und (29|30) Sekunden automatisch abgemeldet/,
    );
    expect(element.shadowRoot?.querySelector('[role=status]')?.textContent).toMatch(
      /Ihre Sitzung läuft in 1 Minute/,
    );
    expect(element.shadowRoot?.activeElement?.textContent?.trim()).toBe('Angemeldet bleiben');
  });

  it('gives at least 20 seconds even with a shorter warn-before (WCAG 2.2.1)', async () => {
    const element = await mount({ 'expires-at': inSeconds(19), 'warn-before': '5' });
    await until(() => dialog(element).open);
    expect(dialog(element).open).toBe(true);
  });

  it('extends the session on "Angemeldet bleiben" through the server', async () => {
    const login = await fetch(`${backend}/test/session?identity=erika-mustermann&method=eid-card`, {
      credentials: 'include',
    });
    expect((await login.json()).ok).toBe(true);
    // The CSRF cookie the portal sets; account.me sets one when missing.
    await fetch(`${endpoint}/account.me`, { credentials: 'include' });
    const element = await mount({ 'expires-at': inSeconds(60) });
    await until(() => dialog(element).open);
    const extended = new Promise<EfaSessionTimeoutDetail>((resolve) =>
      element.addEventListener('efa-session-extend', (event) => resolve(event.detail), { once: true }),
    );
    await userEvent.click(element.shadowRoot?.querySelector('button') as HTMLButtonElement);
    const detail = await extended;
    expect(Date.parse(detail.idleExpiresAt ?? '')).toBeGreaterThan(Date.now() + 25 * 60 * 1000);
    await until(() => !dialog(element).open);
  });

  it('says so when the session cannot be extended', async () => {
    await fetch(`${backend}/test/logout`, { credentials: 'include' });
    const element = await mount({ 'expires-at': inSeconds(60) });
    await until(() => dialog(element).open);
    await userEvent.click(element.shadowRoot?.querySelector('button') as HTMLButtonElement);
    await until(() => element.shadowRoot?.querySelector('[role=alert]') !== null);
    expect(element.shadowRoot?.querySelector('[role=alert]')?.textContent).toContain(
      'konnte nicht verlängert werden',
    );
  });

  it('tells the user when the session has ended and offers a new login', async () => {
    const expired = new Promise<void>((resolve) =>
      document.addEventListener('efa-session-expire', () => resolve(), { once: true }),
    );
    const element = await mount({ 'expires-at': inSeconds(-1) });
    await expired;
    await until(() => dialog(element).open);
    expect(element.shadowRoot?.getElementById('title')?.textContent).toBe('Sie wurden abgemeldet');
    const link = element.shadowRoot?.querySelector('a') as HTMLAnchorElement;
    expect(link.textContent).toBe('Erneut anmelden');
    expect(new URL(link.href).pathname).toBe('/auth/login');
  });

  it('speaks English', async () => {
    const element = await mount({ 'expires-at': inSeconds(45), lang: 'en' });
    await until(() => dialog(element).open);
    expect(element.shadowRoot?.getElementById('title')?.textContent).toBe('Your session will end soon');
    expect(element.shadowRoot?.getElementById('text')?.textContent).toMatch(/in (44|45) seconds/);
  });
});
