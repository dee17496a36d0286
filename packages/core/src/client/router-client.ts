import type {
  AnyTRPCProcedure,
  AnyTRPCRouter,
  inferProcedureInput,
  inferTransformedProcedureOutput,
  TRPCRouterRecord,
} from '@trpc/server';
import type { EndpointClient } from './endpoint-client.js';

/**
 * A package's router as its elements call it, with input and output types inferred from the
 * router itself (no hand-written output types). Elements import the router's *type* only
 * (`import type { PaymentRouter } from '../server/router.js'`), so no server code reaches a
 * browser bundle: TypeScript erases type-only imports.
 */
type Flatten<TRecord extends TRPCRouterRecord, TPrefix extends string = ''> = {
  [K in keyof TRecord & string]: TRecord[K] extends AnyTRPCProcedure
    ? { [P in `${TPrefix}${K}`]: TRecord[K] }
    : TRecord[K] extends TRPCRouterRecord
      ? Flatten<TRecord[K], `${TPrefix}${K}.`>
      : never;
}[keyof TRecord & string];

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (
  value: infer I,
) => void
  ? I
  : never;

/** Every procedure of a router by its dotted path ("quote", "drafts.save"). */
export type RouterProcedures<TRouter extends AnyTRPCRouter> =
  UnionToIntersection<Flatten<TRouter['_def']['record']>> extends infer R ? { [K in keyof R]: R[K] } : never;

type PathsOf<TRouter extends AnyTRPCRouter, TType extends 'query' | 'mutation'> = {
  [K in keyof RouterProcedures<TRouter>]: RouterProcedures<TRouter>[K] extends { _def: { type: TType } }
    ? K
    : never;
}[keyof RouterProcedures<TRouter>] &
  string;

type ProcedureAt<TRouter extends AnyTRPCRouter, TPath> = TPath extends keyof RouterProcedures<TRouter>
  ? RouterProcedures<TRouter>[TPath] extends AnyTRPCProcedure
    ? RouterProcedures<TRouter>[TPath]
    : never
  : never;

/** What a call sends: the procedure's zod input as the client writes it. */
export type ProcedureInput<TRouter extends AnyTRPCRouter, TPath> = inferProcedureInput<
  ProcedureAt<TRouter, TPath>
>;
/** What a call answers, as JSON brings it (dates as strings). */
export type ProcedureOutput<TRouter extends AnyTRPCRouter, TPath> = inferTransformedProcedureOutput<
  TRouter['_def']['_config']['$types'],
  ProcedureAt<TRouter, TPath>
>;

export interface RouterClient<TRouter extends AnyTRPCRouter> {
  query<TPath extends PathsOf<TRouter, 'query'>>(
    path: TPath,
    input: ProcedureInput<TRouter, TPath>,
    signal?: AbortSignal,
  ): Promise<ProcedureOutput<TRouter, TPath>>;
  mutation<TPath extends PathsOf<TRouter, 'mutation'>>(
    path: TPath,
    input: ProcedureInput<TRouter, TPath>,
    signal?: AbortSignal,
  ): Promise<ProcedureOutput<TRouter, TPath>>;
}

/**
 * The procedures of `TRouter` mounted under `namespace` ("payment" → "payment.quote").
 * The namespace is the host's choice, so the element takes it with its endpoint.
 */
export function routerClient<TRouter extends AnyTRPCRouter>(
  client: EndpointClient,
  namespace: string,
): RouterClient<TRouter> {
  const prefix = namespace ? `${namespace}.` : '';
  return {
    query: (path, input, signal) => client.query(`${prefix}${path}`, input, signal),
    mutation: (path, input, signal) => client.mutation(`${prefix}${path}`, input, signal),
  };
}
