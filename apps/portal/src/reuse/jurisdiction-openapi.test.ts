/**
 * The jurisdiction finder mounted alone on core's capability host: its answers, from the fast
 * path (single cacheable reads, answered without the tRPC adapter) and from the tRPC adapter
 * (a batch), are checked against the server's own /openapi.json, which describes them from the
 * router's output schemas.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CapabilityHost,
  createCapabilityHost,
  createDatabase,
  type EfaDatabase,
} from '@efa-kit/core/server';
import { createJurisdictionCapability } from '@efa-kit/jurisdiction-finder/server';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: EfaDatabase;
let host: CapabilityHost;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await createDatabase();
  const jurisdiction = await createJurisdictionCapability({ db });
  host = await createCapabilityHost({
    db,
    publicUrl: 'http://localhost',
    capabilities: [jurisdiction],
    rateLimit: false,
  });
  server = createServer(async (req, res) => {
    if (!(await host.handle(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await host.stop();
  await db.destroy();
});

type Document = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
  >;
};

const input = (value: unknown) => `?input=${encodeURIComponent(JSON.stringify(value))}`;

describe('/openapi.json of the jurisdiction capability', () => {
  it('describes every answer exactly, and the live answers of both paths match it', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as Document;
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const validators = new Map<string, ValidateFunction>();
    const check = (path: string): ValidateFunction => {
      const schema = document.paths[`/trpc/jurisdiction.${path}`]?.get?.responses['200']?.content[
        'application/json'
      ]?.schema as { properties?: { result?: { properties?: { data?: object } } } } | undefined;
      const data = schema?.properties?.result?.properties?.data;
      // Typed, not "any shape".
      if (!schema || !data || Object.keys(data).length === 0) throw new Error(`${path}: no output schema`);
      const known = validators.get(path) ?? ajv.compile(schema);
      validators.set(path, known);
      return known;
    };
    const valid = (path: string, body: unknown) => {
      const validate = check(path);
      expect(validate(body), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };

    const service = '99102013104000';
    const calls: Array<[string, unknown]> = [
      ['searchServices', { q: 'Hund', limit: 5 }],
      ['searchPlaces', { q: '017', limit: 8 }],
      ['resolve', { service, place: '01796' }],
      ['datasets', {}],
    ];
    const answers: Record<string, unknown> = {};
    for (const [path, value] of calls) {
      const response = await fetch(`${base}/trpc/jurisdiction.${path}${input(value)}`);
      expect(response.status, path).toBe(200);
      const body = (await response.json()) as { result: { data: unknown } };
      valid(path, body);
      answers[`${path}:${JSON.stringify(value)}`] = body.result.data;
    }
    // 01796 is Pirna and its neighbours: the place is asked for, then resolved by its key.
    const ambiguous = answers[`resolve:${JSON.stringify({ service, place: '01796' })}`] as {
      status: string;
      candidates?: Array<{ ars: string; name: string }>;
    };
    expect(ambiguous.status).toBe('ambiguous');
    const pirna = ambiguous.candidates?.find((candidate) => candidate.name.includes('Pirna'))?.ars ?? '';
    const resolved = await fetch(`${base}/trpc/jurisdiction.resolve${input({ service, place: pirna })}`);
    const foundBody = (await resolved.json()) as {
      result: { data: { status: string; matches?: Array<{ authority: { id: string } }> } };
    };
    valid('resolve', foundBody);
    const found = foundBody.result.data;
    expect(found.status).toBe('found');
    const authorityId = found.matches?.[0]?.authority.id ?? '';
    const authority = await fetch(`${base}/trpc/jurisdiction.authority${input({ id: authorityId })}`);
    valid('authority', await authority.json());

    // The same reads as one batch go through the tRPC adapter, which checks each output itself.
    const batch = await fetch(
      `${base}/trpc/jurisdiction.searchPlaces,jurisdiction.resolve?batch=1&input=${encodeURIComponent(
        JSON.stringify({ 0: { q: 'Pirna', limit: 3 }, 1: { service, place: pirna } }),
      )}`,
    );
    expect(batch.status).toBe(200);
    const [places, batchResolved] = (await batch.json()) as [unknown, unknown];
    valid('searchPlaces', places);
    valid('resolve', batchResolved);
    // A wrong answer would not pass.
    expect(check('resolve')({ result: { data: { status: 'found' } } })).toBe(false);
  }, 120_000);
});
