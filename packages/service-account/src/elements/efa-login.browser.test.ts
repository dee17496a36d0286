import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../index.js';
import type { EfaLoginChangeDetail, EfaLoginElement } from './efa-login.js';

const backend = `http://${location.hostname}:${inject('accountBackendPort')}`;
const endpoint = `${backend}/trpc`;

async function until(check: () => boolean, ms = 8_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Logs this browser in at the development provider (through the backend's test route). */
async function logIn(identity: string, method: string): Promise<void> {
  const response = await fetch(`${backend}/test/session?identity=${identity}&method=${method}`, {
    credentials: 'include',
  });
  expect((await response.json()).ok).toBe(true);
}

async function mount(
  attributes: Record<string, string> = {},
): Promise<{ element: EfaLoginElement; changes: EfaLoginChangeDetail[] }> {
  const element = document.createElement('efa-login');
  element.setAttribute('endpoint', endpoint);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  const changes: EfaLoginChangeDetail[] = [];
  element.addEventListener('efa-login-change', (event) => changes.push(event.detail));
  document.body.append(element);
  await until(() => changes.length > 0);
  await element.updateComplete;
  return { element, changes };
}

const root = (element: EfaLoginElement) => element.shadowRoot as ShadowRoot;
/** Text of each element separated by spaces, as a screen reader reads them one after another. */
const text = (element: EfaLoginElement) =>
  [...root(element).querySelectorAll('*')]
    .flatMap((node) =>
      [...node.childNodes]
        .filter((child) => child.nodeType === Node.TEXT_NODE)
        .map((child) => child.textContent?.trim()),
    )
    .filter(Boolean)
    .join(' ');

beforeEach(async () => {
  await fetch(`${backend}/test/logout`, { credentials: 'include' });
  history.replaceState(null, '', '/antrag?schritt=2');
  // A German page, as the portal's; the element follows it when it has no lang of its own.
  document.documentElement.lang = 'de';
});

afterEach(() => {
  document.body.replaceChildren();
});

describe('<efa-login>', () => {
  it('offers the service-account login, returning to this page', async () => {
    const { element, changes } = await mount();
    const link = root(element).querySelector('a') as HTMLAnchorElement;
    expect(link.textContent).toBe('Mit Servicekonto anmelden');
    const url = new URL(link.href);
    expect(url.pathname).toBe('/auth/login');
    expect(url.searchParams.get('level')).toBe('low');
    expect(url.searchParams.get('returnTo')).toBe('/antrag?schritt=2');
    expect(changes[0]).toEqual({
      loggedIn: false,
      displayName: null,
      trustLevel: null,
      kind: null,
      sufficient: false,
    });
  });

  it('asks for the required level at login', async () => {
    const { element } = await mount({ 'required-level': 'high', 'auth-base': '/konto/auth' });
    const url = new URL((root(element).querySelector('a') as HTMLAnchorElement).href);
    expect(url.pathname).toBe('/konto/auth/login');
    expect(url.searchParams.get('level')).toBe('high');
  });

  it('shows name, trust level and a logout form when logged in', async () => {
    await logIn('erika-mustermann', 'eid-card');
    // biome-ignore lint/suspicious/noDocumentCookie: plays the portal setting its CSRF cookie
    document.cookie = `efa_csrf=${'c'.repeat(32)}; path=/; SameSite=Lax`;
    const { element, changes } = await mount();
    expect(text(element)).toContain('Angemeldet als Erika Mustermann');
    expect((root(element).querySelector('[part=badge]') as HTMLElement).textContent).toBe(
      'Vertrauensniveau: hoch',
    );
    const form = root(element).querySelector('form') as HTMLFormElement;
    expect(form.method).toBe('post');
    expect(new URL(form.action).pathname).toBe('/auth/logout');
    expect((form.querySelector('input[name=csrf]') as HTMLInputElement).value).toBe('c'.repeat(32));
    expect(changes.at(-1)).toMatchObject({
      loggedIn: true,
      displayName: 'Erika Mustermann',
      trustLevel: 'high',
      sufficient: true,
    });
  });

  it('shows a company with its acting person', async () => {
    await logIn('musterbau-gmbh', 'company-account');
    const { element, changes } = await mount();
    expect(text(element)).toContain('Musterbau GmbH');
    expect(text(element)).toContain('handelnd: Hans Baumeister');
    expect(changes.at(-1)?.kind).toBe('organisation');
  });

  it('offers a step-up when the session is below the required level', async () => {
    await logIn('erika-mustermann', 'username-password');
    const { element, changes } = await mount({ 'required-level': 'high' });
    expect(text(element)).toContain('Vertrauensniveau: niedrig');
    expect(text(element)).toContain('Dieser Dienst braucht das Vertrauensniveau „hoch“');
    const stepUp = root(element).querySelector('a') as HTMLAnchorElement;
    expect(stepUp.textContent).toBe('Mit Vertrauensniveau „hoch“ anmelden');
    expect(new URL(stepUp.href).searchParams.get('level')).toBe('high');
    expect(changes.at(-1)?.sufficient).toBe(false);
  });

  it('announces a cancelled login from the callback', async () => {
    history.replaceState(null, '', '/antrag?login=ACCOUNT_LOGIN_CANCELLED');
    const { element } = await mount();
    const alert = root(element).querySelector('[role=alert]') as HTMLElement;
    expect(alert.textContent).toContain('Sie haben die Anmeldung abgebrochen');
    // The result is not carried into the next login's return address.
    const url = new URL((root(element).querySelector('a') as HTMLAnchorElement).href);
    expect(url.searchParams.get('returnTo')).toBe('/antrag');
  });

  it('issue 12: tells a locked account and an expired ID document apart from a cancel', async () => {
    const seen = new Set<string>();
    for (const code of ['ACCOUNT_LOCKED', 'ACCOUNT_DOCUMENT_EXPIRED', 'ACCOUNT_LOGIN_CANCELLED']) {
      history.replaceState(null, '', `/antrag?login=${code}`);
      const { element } = await mount();
      const alert = root(element).querySelector('[role=alert]') as HTMLElement;
      seen.add(alert.textContent ?? '');
      if (code !== 'ACCOUNT_LOGIN_CANCELLED') expect(alert.textContent).not.toContain('abgebrochen');
      element.remove();
    }
    expect(seen.size).toBe(3);
    history.replaceState(null, '', '/antrag?login=ACCOUNT_LOCKED');
    expect(
      (root((await mount()).element).querySelector('[role=alert]') as HTMLElement).textContent,
    ).toContain('Servicekonto ist gesperrt');
    history.replaceState(null, '', '/antrag?login=ACCOUNT_DOCUMENT_EXPIRED');
    const english = (await mount({ lang: 'en' })).element;
    expect((root(english).querySelector('[role=alert]') as HTMLElement).textContent).toContain(
      'Your ID document has expired',
    );
  });

  it('follows the page’s language when it has no lang of its own', async () => {
    document.documentElement.lang = 'en-GB';
    const { element } = await mount();
    expect(root(element).querySelector('a')?.textContent).toBe('Log in with a service account');
    expect(element.locale).toBe('en');
  });

  it('ignores unknown result codes in the URL', async () => {
    history.replaceState(null, '', '/antrag?login=%3Cscript%3E');
    const { element } = await mount();
    expect(root(element).querySelector('[role=alert]')).toBeNull();
  });

  it('speaks English', async () => {
    await logIn('jonas-beispiel', 'elster-certificate');
    const { element } = await mount({ lang: 'en' });
    expect(text(element)).toContain('Logged in as Jonas Beispiel');
    expect(text(element)).toContain('Trust level: substantial');
    expect(text(element)).toContain('Log out');
  });

  it('reports an unreachable service and retries on request', async () => {
    const { element, changes } = await mount({ endpoint: 'http://localhost:9/trpc' });
    expect((root(element).querySelector('[role=alert]') as HTMLElement).textContent).toBe(
      'Der Anmeldestatus konnte nicht geprüft werden.',
    );
    element.endpoint = endpoint;
    const retry = root(element).querySelector('button') as HTMLButtonElement;
    await userEvent.click(retry);
    await until(() => changes.length > 1 && element.shadowRoot?.querySelector('a') !== null);
    expect(text(element)).toContain('Mit Servicekonto anmelden');
  });

  it('is operable by keyboard: Tab reaches the login link', async () => {
    const { element } = await mount();
    await userEvent.tab();
    expect(root(element).activeElement?.textContent).toBe('Mit Servicekonto anmelden');
  });
});
