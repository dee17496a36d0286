import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { publicProcedure, router } from '../server/trpc.js';
import { createEndpointClient } from './endpoint-client.js';
import { type ProcedureOutput, routerClient } from './router-client.js';

const notesRouter = router({
  list: publicProcedure
    .input(z.object({ limit: z.number() }))
    .query(() => [{ id: 'n1', at: new Date('2026-12-03T10:00:00Z') }]),
  add: publicProcedure.input(z.object({ text: z.string() })).mutation(({ input }) => ({ saved: input.text })),
  drafts: router({ count: publicProcedure.query(() => 3) }),
});
type NotesRouter = typeof notesRouter;

describe('routerClient: calls typed from the router', () => {
  it('infers inputs and outputs (dates arrive as strings) and prefixes the namespace', async () => {
    const requests: Array<{ url: string; method: string; body: string | null }> = [];
    const fetch = async (request: Request) => {
      requests.push({
        url: request.url,
        method: request.method,
        body: request.body ? await request.text() : null,
      });
      const data = request.method === 'GET' ? [{ id: 'n1', at: '2026-12-03T10:00:00.000Z' }] : { saved: 'x' };
      return new Response(JSON.stringify({ result: { data } }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    const client = routerClient<NotesRouter>(
      createEndpointClient({
        endpoint: 'https://service.land.example/trpc',
        fetch: fetch as typeof globalThis.fetch,
      }),
      'notes',
    );
    const listed = await client.query('list', { limit: 1 });
    expectTypeOf(listed).toEqualTypeOf<Array<{ id: string; at: string }>>();
    expectTypeOf<ProcedureOutput<NotesRouter, 'drafts.count'>>().toEqualTypeOf<number>();
    expect(listed[0]?.id).toBe('n1');
    const added = await client.mutation('add', { text: 'x' });
    expectTypeOf(added).toEqualTypeOf<{ saved: string }>();
    // @ts-expect-error a query is not a mutation
    void (() => client.mutation('list', { limit: 1 }));
    // @ts-expect-error the input is checked against the router's schema
    void (() => client.query('list', { limit: 'many' }));
    // @ts-expect-error no such procedure
    void (() => client.query('remove', {}));
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /trpc/notes.list',
      // No efa_csrf cookie readable here: the token is asked once, then the mutation sent.
      'GET /trpc/efa.csrfToken',
      'POST /trpc/notes.add',
    ]);
  });
});
