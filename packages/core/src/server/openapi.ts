import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import { z } from 'zod';
import { procedureMeta } from './cache-control.js';

/**
 * An OpenAPI 3.1 description of the kit's tRPC endpoints as they are on the wire, for back
 * ends that are not TypeScript (a Java or .NET portal): a query is
 * `GET <basePath><procedure>?input=<JSON>`, a mutation `POST <basePath><procedure>` with the
 * input as JSON body; the answer is `{ "result": { "data": … } }` or `{ "error": … }`.
 * Schemas come from the procedures' own zod 4 schemas (`z.toJSONSchema`, JSON Schema 2020-12,
 * which OpenAPI 3.1 uses as is). A procedure without an output schema answers `data` of any shape.
 */
export interface OpenApiOptions {
  routers: Readonly<Record<string, AnyTRPCRouter>>;
  basePath?: string;
  serverUrl?: string;
  info: { title: string; version: string; description?: string };
}

type JsonSchema = Record<string, unknown>;

interface ZodLike {
  _zod: unknown;
}

function isZod(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in (value as ZodLike);
}

function toSchema(parser: unknown, io: 'input' | 'output'): JsonSchema {
  if (!isZod(parser)) return {};
  const { $schema: _dialect, ...schema } = z.toJSONSchema(parser, {
    target: 'draft-2020-12',
    io,
    // Dates, transforms without a type and the like are described as "any value".
    unrepresentable: 'any',
  }) as JsonSchema;
  return schema;
}

function inputSchema(procedure: AnyTRPCProcedure): JsonSchema | undefined {
  const inputs = (procedure._def as { inputs?: unknown[] }).inputs ?? [];
  if (inputs.length === 0) return undefined;
  const schemas = inputs.map((parser) => toSchema(parser, 'input'));
  return schemas.length === 1 ? schemas[0] : { allOf: schemas };
}

const errorEnvelope: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['message', 'code', 'data'],
      properties: {
        message: { type: 'string', description: 'Localized (Accept-Language: de, en).' },
        code: { type: 'integer', description: 'JSON-RPC error code.' },
        data: {
          type: 'object',
          required: ['code', 'httpStatus', 'efaCode'],
          properties: {
            code: { type: 'string' },
            httpStatus: { type: 'integer' },
            efaCode: { type: 'string', description: 'Stable EfA Kit error code, e.g. PAYMENT_NOT_FOUND.' },
            path: { type: 'string' },
            fieldErrors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
};

function resultEnvelope(data: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['result'],
    properties: { result: { type: 'object', required: ['data'], properties: { data } } },
  };
}

const csrfParameter = {
  name: 'x-efa-csrf',
  in: 'header',
  required: true,
  description:
    'Double-submit token: the value of the efa_csrf cookie (GET efa.csrfToken returns it and sets the cookie). Mutations also need an allowed Origin.',
  schema: { type: 'string', minLength: 16 },
};

const languageParameter = {
  name: 'accept-language',
  in: 'header',
  required: false,
  description: 'de (default) or en: the language of messages and texts.',
  schema: { type: 'string' },
};

export function procedureEntries(
  routers: Readonly<Record<string, AnyTRPCRouter>>,
): Array<[string, AnyTRPCProcedure]> {
  const entries: Array<[string, AnyTRPCProcedure]> = [];
  for (const [namespace, router] of Object.entries(routers)) {
    const procedures = router._def.procedures as Record<string, AnyTRPCProcedure>;
    for (const [path, procedure] of Object.entries(procedures))
      entries.push([`${namespace}.${path}`, procedure]);
  }
  return entries.sort(([a], [b]) => a.localeCompare(b));
}

export function openApiDocument(options: OpenApiOptions): JsonSchema {
  const basePath = options.basePath ?? '/trpc/';
  const paths: Record<string, JsonSchema> = {};
  const responses = (data: JsonSchema) => ({
    '200': { description: 'The answer.', content: { 'application/json': { schema: resultEnvelope(data) } } },
    default: {
      description: 'A coded, localized error.',
      content: { 'application/json': { schema: errorEnvelope } },
    },
  });
  for (const [path, procedure] of procedureEntries(options.routers)) {
    const type = procedure._def.type;
    if (type === 'subscription') continue;
    const input = inputSchema(procedure);
    const output = toSchema((procedure._def as { output?: unknown }).output, 'output');
    const meta = procedureMeta(procedure);
    const namespace = path.split('.')[0] ?? path;
    const operation: JsonSchema = {
      operationId: path,
      tags: [namespace],
      ...(meta.cache
        ? { description: `Public read: cacheable for ${meta.cache.maxAgeSeconds} s.` }
        : { description: 'Answered private, no-store.' }),
      responses: responses(output),
    };
    if (type === 'query') {
      operation.parameters = [
        languageParameter,
        ...(input
          ? [
              {
                name: 'input',
                in: 'query',
                required: true,
                description: 'The input as JSON (URL-encoded).',
                content: { 'application/json': { schema: input } },
              },
            ]
          : []),
      ];
      paths[`${basePath}${path}`] = { get: operation };
    } else {
      operation.parameters = [languageParameter, csrfParameter];
      if (input)
        operation.requestBody = { required: true, content: { 'application/json': { schema: input } } };
      paths[`${basePath}${path}`] = { post: operation };
    }
  }
  paths[`${basePath}efa.csrfToken`] = {
    get: {
      operationId: 'efa.csrfToken',
      tags: ['efa'],
      description: 'The CSRF token for mutations; sets the efa_csrf cookie when the request has none.',
      responses: responses({
        type: 'object',
        required: ['token', 'header'],
        properties: { token: { type: 'string', minLength: 16 }, header: { const: 'x-efa-csrf' } },
      }),
    },
  };
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: options.info,
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
  };
}
