/**
 * A minimal cookie-keeping HTTP client that follows redirects by hand, for Node tests of login
 * flows (the real-browser journey is the portal's Playwright test). Cookies are kept per host
 * and path "/", honour Max-Age=0 deletion, and are sent only to the host that set them.
 */
export interface BrowserResponse {
  url: URL;
  status: number;
  headers: Headers;
  body: string;
}

export class TestBrowser {
  readonly jar = new Map<string, Map<string, string>>();

  cookies(url: string | URL): Map<string, string> {
    const host = new URL(url).host;
    let cookies = this.jar.get(host);
    if (!cookies) {
      cookies = new Map();
      this.jar.set(host, cookies);
    }
    return cookies;
  }

  setCookie(url: string | URL, name: string, value: string): void {
    this.cookies(url).set(name, value);
  }

  #store(url: URL, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = decodeURIComponent(pair.slice(index + 1).trim());
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies(url).delete(name);
      else this.cookies(url).set(name, value);
    }
  }

  async request(
    input: string | URL,
    init: { method?: string; body?: string | URLSearchParams; headers?: Record<string, string> } = {},
  ): Promise<BrowserResponse> {
    const url = new URL(input);
    const headers = new Headers(init.headers);
    const cookies = [...this.cookies(url)].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
    if (cookies) headers.set('cookie', cookies);
    if (init.body instanceof URLSearchParams)
      headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: init.body.toString() } : {}),
      redirect: 'manual',
    });
    this.#store(url, response.headers);
    return { url, status: response.status, headers: response.headers, body: await response.text() };
  }

  /** Requests and follows redirects (at most 20), like a browser navigating. */
  async navigate(
    input: string | URL,
    init: { method?: string; body?: string | URLSearchParams; headers?: Record<string, string> } = {},
  ): Promise<BrowserResponse> {
    let response = await this.request(input, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      const location = response.headers.get('location');
      if (!location) break;
      response = await this.request(new URL(location, response.url));
    }
    return response;
  }
}

/**
 * Logs in at the development provider's page: starts at `startUrl` (the portal's login route),
 * chooses the method and identity, and returns the response after the redirects back.
 */
export async function loginWithDevProvider(
  browser: TestBrowser,
  startUrl: string | URL,
  choice: { method: string; identity: string } | 'cancel',
): Promise<BrowserResponse> {
  const loginPage = await browser.navigate(startUrl);
  const match = /\/interaction\/([\w-]+)\/login/.exec(loginPage.body);
  if (!match) throw new Error(`No login page at ${loginPage.url} (${loginPage.status})`);
  const action = choice === 'cancel' ? 'abort' : 'login';
  const form = new URLSearchParams(choice === 'cancel' ? {} : choice);
  return browser.navigate(new URL(`/interaction/${match[1]}/${action}`, loginPage.url), {
    method: 'POST',
    body: form,
  });
}
