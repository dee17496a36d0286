import { isLocale, type Locale } from '../i18n.js';
import type { FieldError } from '../validation.js';

/**
 * A small client for the kit's tRPC endpoints, speaking tRPC's documented HTTP RPC format
 * (GET `path?input=` for queries, POST JSON for mutations, `{ result: { data } }` or
 * `{ error }` back). Elements use it instead of `@trpc/client` to stay inside their bundle
 * budgets; the contract types come from each package's `/schema` entry (docs/adr/0002).
 */
export class EndpointError extends Error {
  override readonly name = 'EndpointError';

  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

export interface EndpointClientOptions {
  /** Base URL of the tRPC endpoint, e.g. "/trpc" or "https://land.example/trpc". */
  endpoint: string;
  locale?: Locale;
  /** Sent with mutations from the `efa_csrf` cookie when the page has one (double submit). */
  csrfCookieName?: string;
  fetch?: typeof fetch;
}

export interface EndpointClient {
  query<TOutput>(path: string, input?: unknown, signal?: AbortSignal): Promise<TOutput>;
  mutation<TOutput>(path: string, input?: unknown, signal?: AbortSignal): Promise<TOutput>;
}

interface ErrorEnvelope {
  error: {
    message?: string;
    code?: number;
    data?: { code?: string; efaCode?: string; httpStatus?: number; fieldErrors?: FieldError[] };
  };
}

interface ResultEnvelope {
  result: { data: unknown };
}

function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function join(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${path}`;
}

/**
 * Tokens handed out by endpoints whose cookie this page cannot read (the element runs on a
 * municipality's CMS page, the endpoint is the state's service): `GET efa.csrfToken` sets the
 * cookie on the endpoint's origin and returns its value (docs/adr/0009-capability-contract.md).
 */
const endpointTokens = new Map<string, Promise<string | undefined>>();

function endpointToken(endpoint: string, doFetch: typeof fetch): Promise<string | undefined> {
  const url = new URL(join(endpoint, 'efa.csrfToken'), globalThis.location?.href ?? 'http://localhost/');
  const key = url.href;
  let token = endpointTokens.get(key);
  if (!token) {
    token = doFetch(
      new Request(url, { method: 'GET', headers: { accept: 'application/json' }, credentials: 'include' }),
    )
      .then((response) => response.json() as Promise<{ result?: { data?: { token?: unknown } } }>)
      .then((body) => (typeof body.result?.data?.token === 'string' ? body.result.data.token : undefined))
      .catch(() => undefined);
    // A failed read is asked again by the next mutation.
    token.then((value) => value ?? endpointTokens.delete(key));
    endpointTokens.set(key, token);
  }
  return token;
}

export function createEndpointClient(options: EndpointClientOptions): EndpointClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const locale = options.locale;
  const csrfCookieName = options.csrfCookieName ?? 'efa_csrf';

  async function send<TOutput>(request: Request): Promise<TOutput> {
    let response: Response;
    try {
      response = await doFetch(request);
    } catch (cause) {
      if (request.signal.aborted) throw cause;
      throw new EndpointError(
        locale === 'en' ? 'The service cannot be reached.' : 'Der Dienst ist nicht erreichbar.',
        'NETWORK',
        0,
      );
    }
    const body = (await response.json().catch(() => undefined)) as ResultEnvelope | ErrorEnvelope | undefined;
    if (body && 'result' in body) return body.result.data as TOutput;
    const error = body && 'error' in body ? body.error : undefined;
    throw new EndpointError(
      error?.message ?? response.statusText,
      error?.data?.efaCode ?? error?.data?.code ?? 'INTERNAL',
      response.status,
      error?.data?.fieldErrors ?? [],
    );
  }

  function headers(): Headers {
    const result = new Headers({ accept: 'application/json' });
    if (locale && isLocale(locale)) result.set('accept-language', locale);
    return result;
  }

  return {
    query(path, input, signal) {
      const url = new URL(join(options.endpoint, path), globalThis.location?.href ?? 'http://localhost/');
      if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
      return send(
        new Request(url, {
          method: 'GET',
          headers: headers(),
          signal: signal ?? null,
          credentials: 'include',
        }),
      );
    },
    async mutation(path, input, signal) {
      const requestHeaders = headers();
      requestHeaders.set('content-type', 'application/json');
      const csrf = readCookie(csrfCookieName) ?? (await endpointToken(options.endpoint, doFetch));
      if (csrf) requestHeaders.set('x-efa-csrf', csrf);
      const url = new URL(join(options.endpoint, path), globalThis.location?.href ?? 'http://localhost/');
      return send(
        new Request(url, {
          method: 'POST',
          headers: requestHeaders,
          // No input, no body: tRPC then passes `undefined`, which a `z.void()` input accepts.
          ...(input === undefined ? {} : { body: JSON.stringify(input) }),
          signal: signal ?? null,
          credentials: 'include',
        }),
      );
    },
  };
}
