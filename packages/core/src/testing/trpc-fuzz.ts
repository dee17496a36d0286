import { createServer } from 'node:http';
import type { AnyTRPCProcedure } from '@trpc/server';
import { csrfCookieName, csrfHeaderName } from '../server/context.js';
import { createTrpcHttpHandler, type TrpcHttpHandlerOptions } from '../server/trpc-http-handler.js';
import { withinBudgetAsync } from './fuzz.js';

/**
 * A router behind the kit's real HTTP handler on loopback, for fuzzing router inputs (issue 17):
 * `call` sends any input (a value, or raw text that need not be JSON) to a procedure the way
 * the browser client does (GET ?input= for queries, POST with the CSRF pair for mutations), and
 * `answerProblem` says what is wrong with the answer: a 5xx, a body that is not tRPC's envelope,
 * or an error without a project code (efaCode missing or INTERNAL, i.e. an uncaught exception).
 */
export interface TrpcFuzzProcedure {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
}

export interface TrpcAnswer {
  status: number;
  text: string;
  body: unknown;
}

export interface TrpcFuzzServer {
  procedures: TrpcFuzzProcedure[];
  call(
    procedure: TrpcFuzzProcedure,
    input: { value: unknown } | { raw: string },
    headers?: Record<string, string>,
  ): Promise<TrpcAnswer>;
  close(): Promise<void>;
}

const csrf = 'f'.repeat(32);

export async function startTrpcFuzzServer(
  options: TrpcHttpHandlerOptions & { publicOrigin: string },
): Promise<TrpcFuzzServer> {
  const handler = createTrpcHttpHandler(options);
  const basePath = options.basePath ?? '/trpc/';
  const server = createServer((req, res) => {
    handler(req, res, new URL(req.url ?? '/', options.publicOrigin)).catch((error: unknown) => {
      // The handler itself threw: answer 500 so that the property sees it.
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const base = `http://127.0.0.1:${address.port}${basePath}`;
  const procedures = Object.entries(options.router._def.procedures as Record<string, AnyTRPCProcedure>).map(
    ([path, procedure]) => ({ path, type: procedure._def.type }),
  );

  return {
    procedures,
    async call(procedure, input, headers = {}) {
      const text = 'raw' in input ? input.raw : JSON.stringify(input.value ?? null);
      const path = procedure.path.split('.').map(encodeURIComponent).join('.');
      const response = await withinBudgetAsync(async () => {
        const answer =
          procedure.type === 'mutation'
            ? await fetch(`${base}${path}`, {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  origin: new URL(options.publicOrigin).origin,
                  cookie: `${csrfCookieName}=${csrf}`,
                  [csrfHeaderName]: csrf,
                  ...headers,
                },
                body: text,
              })
            : await fetch(`${base}${path}?input=${encodeURIComponent(text)}`, { headers });
        return { status: answer.status, text: await answer.text() };
      });
      let body: unknown;
      try {
        body = JSON.parse(response.text);
      } catch {
        body = undefined;
      }
      return { ...response, body };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Undefined when the answer is a success or a coded refusal, else what is wrong with it. */
export function answerProblem(answer: TrpcAnswer): string | undefined {
  if (answer.status >= 500) return `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`;
  const body = answer.body as { result?: unknown; error?: { data?: { efaCode?: unknown } } } | undefined;
  if (body === undefined || typeof body !== 'object' || body === null) {
    return `not a tRPC envelope: ${answer.text.slice(0, 300)}`;
  }
  if ('result' in body && answer.status < 300) return undefined;
  const efaCode = body.error?.data?.efaCode;
  if (typeof efaCode !== 'string' || efaCode === '')
    return `error without a code: ${answer.text.slice(0, 300)}`;
  if (efaCode === 'INTERNAL') return `uncaught exception (INTERNAL): ${answer.text.slice(0, 300)}`;
  return undefined;
}
