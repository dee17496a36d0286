import { expect, type Page } from '@playwright/test';

/**
 * Logs in at the development identity provider from a page's <efa-login> (the form page's
 * login at the service's level, or "Mein Konto"), with a method and a test identity, and
 * waits until the browser is back at `path`.
 */
export async function logIn(
  page: Page,
  url: string,
  method: RegExp,
  identity: string,
  back: RegExp = new RegExp(`${new URL(url).pathname.replace(/\//g, '\\/')}(\\?.*)?$`),
): Promise<void> {
  await page.goto(url);
  // The login route itself (e.g. another login while signed in): straight to the provider.
  if (new URL(url).pathname === '/auth/login') return chooseAtProvider(page, method, identity, back);
  // Signed out: "Mit Servicekonto anmelden"; signed in below the page's level: the step-up link.
  await page
    .getByRole('link', {
      name: /Mit Servicekonto anmelden|Log in with a service account|Mit Vertrauensniveau .* anmelden|Log in at trust level/,
    })
    .first()
    .click();
  await chooseAtProvider(page, method, identity, back);
}

/** The development identity provider's login page: method, test identity, "Anmelden". */
export async function chooseAtProvider(
  page: Page,
  method: RegExp,
  identity: string,
  back: RegExp,
): Promise<void> {
  await expect(
    page.getByRole('heading', { name: /Anmelden mit Ihrem Servicekonto|Log in with your service account/ }),
  ).toBeVisible();
  await page.getByRole('radio', { name: method }).check();
  await page.getByLabel(/Testidentität|Test identity/).selectOption(identity);
  await page.getByRole('button', { name: /^(Anmelden|Log in)$/ }).click();
  await expect(page).toHaveURL(back);
}

export interface ApiAnswer {
  status: number;
  body: {
    result?: { data: unknown };
    error?: {
      message: string;
      data?: { efaCode?: string; fieldErrors?: Array<{ path: string; message: string }> };
    };
  };
}

/**
 * A tRPC call from inside the page, as the page's own script makes it: same origin, the
 * session cookie, the double-submit CSRF token, the reader's language.
 */
export function callApi(
  page: Page,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  lang: 'de' | 'en',
): Promise<ApiAnswer> {
  return page.evaluate(
    async ({ kind, path, input, lang }) => {
      const csrf = document.cookie
        .split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith('efa_csrf='))
        ?.slice('efa_csrf='.length);
      const query = kind === 'query' ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
      const response = await fetch(`/trpc/${path}${query}`, {
        method: kind === 'query' ? 'GET' : 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-language': lang,
          ...(csrf ? { 'x-efa-csrf': decodeURIComponent(csrf) } : {}),
        },
        ...(kind === 'mutation' ? { body: JSON.stringify(input) } : {}),
      });
      return { status: response.status, body: await response.json() };
    },
    { kind, path, input, lang },
  );
}

/** An upload to /uploads from inside the page, as <efa-file-field> sends it. */
export function uploadFromPage(
  page: Page,
  options: {
    formId: string;
    field: string;
    filename: string;
    type: string;
    bytes: number[] | string;
    lang: 'de' | 'en';
  },
): Promise<{ status: number; body: { error?: { message: string; data?: { efaCode?: string } } } }> {
  return page.evaluate(async ({ formId, field, filename, type, bytes, lang }) => {
    const csrf = document.cookie
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith('efa_csrf='))
      ?.slice('efa_csrf='.length);
    const body =
      typeof bytes === 'string'
        ? new Uint8Array(Number(bytes.replace('zeros:', ''))).fill(0x25)
        : new Uint8Array(bytes);
    const response = await fetch(`/uploads?${new URLSearchParams({ formId, field })}`, {
      method: 'POST',
      headers: {
        'content-type': type,
        'x-filename': filename,
        'accept-language': lang,
        ...(csrf ? { 'x-efa-csrf': decodeURIComponent(csrf) } : {}),
      },
      body,
    });
    return { status: response.status, body: await response.json() };
  }, options);
}
