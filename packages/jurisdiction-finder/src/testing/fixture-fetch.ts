import { isEfaError } from '@efa-kit/core';
import type { JurisdictionDataInput } from '../schema/fixtures-types.js';
import { JurisdictionIndex } from '../server/search-index.js';
import { fixtureData } from './fixtures.js';

export interface FixtureFetchOptions {
  data?: JurisdictionDataInput;
  /** Delay before each answer, in milliseconds. */
  delayMs?: number;
  /** Never answer `resolve` (to show the loading state). */
  pendingResolve?: boolean;
  /** Fail every request as if the network were down. */
  offline?: boolean;
}

/**
 * A `fetch` that answers the finder's tRPC GET requests in the page, from a JurisdictionIndex
 * built over fixture data: the real search and resolution code, without a server. For stories
 * and demos; the browser tests use a real HTTP backend instead.
 */
export function fixtureFetch(options: FixtureFetchOptions = {}): typeof fetch {
  const index = new JurisdictionIndex(options.data ?? fixtureData());
  return async (input) => {
    if (options.offline) throw new TypeError('Failed to fetch');
    const request = input instanceof Request ? input : new Request(String(input));
    const url = new URL(request.url);
    const procedure = url.pathname.split('/').pop() ?? '';
    const params = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<string, unknown>;
    const lang = params.lang === 'en' ? 'en' : 'de';
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (options.pendingResolve && procedure === 'jurisdiction.resolve') await new Promise(() => {});
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    try {
      const q = String(params.q ?? '');
      const limit = typeof params.limit === 'number' ? params.limit : 10;
      switch (procedure) {
        case 'jurisdiction.searchServices':
          return json(200, { result: { data: index.searchServices(q, { limit, lang }) } });
        case 'jurisdiction.searchPlaces':
          return json(200, { result: { data: index.searchPlaces(q, { limit }) } });
        case 'jurisdiction.resolve':
          return json(200, {
            result: { data: index.resolve(String(params.service), String(params.place), lang) },
          });
        case 'jurisdiction.authority':
          return json(200, { result: { data: index.authority(String(params.id)) } });
        default:
          return json(404, { error: { message: 'Not found', data: { efaCode: 'NOT_FOUND' } } });
      }
    } catch (error) {
      if (!isEfaError(error)) throw error;
      return json(404, { error: { message: error.localized(lang), data: { efaCode: error.code } } });
    }
  };
}
