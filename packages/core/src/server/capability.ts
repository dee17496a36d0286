import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import type { EfaRequest, EfaResponse, EfaSession } from './context.js';
import type { PackageMigrations } from './migrations.js';

/**
 * HTTP routes a capability serves besides its routers (login callbacks, payment returns,
 * uploads, receipts). Answer and return true when the request is yours; return false to pass.
 */
export type CapabilityRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/**
 * Background work of a capability (purging expired sessions, reconciling open payments). The
 * host runs each job every `everyMs`, never two runs of one job at once in one process. Every
 * job must be idempotent and safe to run on several app servers at the same time: the host
 * schedules per process, and a state with several servers runs it on each.
 */
export interface CapabilityJob {
  /** `<capability>.<job>`, e.g. "account.purge-sessions"; used in logs. */
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

/**
 * What the pages that embed a capability's elements need from the host page: origins for the
 * Content-Security-Policy, and the development services running (a banner must say so).
 */
export interface CapabilityPageNeeds {
  /** Origins the browser is sent to or posts forms to (identity or payment provider). */
  formActionOrigins?: readonly string[];
  /**
   * Development services this capability started instead of a real provider, named in German
   * and English for the banner every page must show while they run.
   */
  developmentServices?: ReadonlyArray<Readonly<{ de: string; en: string }>>;
}

/** The session of a request (the service account's sessions), or null when nobody is signed in. */
export type SessionSource = (request: EfaRequest, response: EfaResponse) => Promise<EfaSession | null>;

/**
 * One capability as every host mounts it (docs/adr/0009-capability-contract.md). A package's
 * `create…Capability(options)` returns it, started: its migrations have run and its services
 * are up. The host mounts `routers` under its tRPC base path, offers requests to `routes`,
 * runs `jobs`, honours `pageNeeds` and calls `stop` on shutdown.
 */
export interface EfaCapability {
  /** Short name, e.g. "payment". */
  readonly name: string;
  /**
   * The capability's schema migrations. `create…Capability` runs them itself before it touches
   * the database; they are listed so that a deployment can run them ahead of a rollout.
   */
  readonly migrations: readonly PackageMigrations[];
  /** tRPC namespaces: each router is mounted at `<basePath><namespace>.<procedure>`. */
  readonly routers: Readonly<Record<string, AnyTRPCRouter>>;
  /**
   * Own HTTP routes. Requests to `<basePath><namespace>.*` of one of this capability's
   * namespaces are offered here first too, so a capability may answer its cacheable reads
   * without the tRPC adapter; it returns false for the rest.
   */
  readonly routes?: CapabilityRoutes;
  readonly jobs?: readonly CapabilityJob[];
  readonly pageNeeds?: CapabilityPageNeeds;
  /** Stops the capability's own services (a simulator, a development provider, workers). */
  stop(): Promise<void>;
}
