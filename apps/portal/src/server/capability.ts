import type { Locale } from '@efa-kit/core';
import type {
  ApplicationSink,
  EfaCapability,
  EfaContext,
  EfaDatabase,
  EfaSession,
  PackageMigrations,
  PaidFee,
  SessionSource,
} from '@efa-kit/core/server';
import type { PortalConfig } from './config.js';
import type { SafeHtml } from './html.js';

/** What a page's render function gets. */
export interface PageContext {
  locale: Locale;
  url: URL;
  session: EfaSession | null;
  config: PortalConfig;
  /**
   * For elements' `state-scope` attribute: an opaque token per signed-in person under which
   * they keep browser state (core's `browserStateSlot`); null when nobody is signed in, so
   * elements keep state for the tab only.
   */
  stateScope: string | null;
}

export interface PortalPage {
  /** Path without trailing slash, e.g. "/zustaendigkeit". */
  path: string;
  title: Record<Locale, string>;
  /** Label in the header navigation; pages without one are reachable by link only. */
  nav?: Record<Locale, string>;
  /** Client entry in src/client/<entry>.ts that defines the page's elements. */
  entry?: string;
  render(context: PageContext): SafeHtml | Promise<SafeHtml>;
}

/** A section a capability contributes to the start page. */
export interface StartSection {
  order: number;
  entry?: string;
  render(context: PageContext): SafeHtml;
}

/** The authority responsible for a service at the applicant's place, as the finder knows it. */
export interface ResponsibleAuthority {
  id: string;
  name: string;
  /** Postal address, lines separated by "\n". */
  address?: string;
  /** Phone, e-mail and web address, lines separated by "\n". */
  contact?: string;
}

/**
 * What capabilities offer each other, in core's shapes: the portal composes the procedure
 * (finder → login → form → payment → submission) from them without one package importing
 * another. Each port is looked up when it is called, so creation order does not matter.
 */
export interface PortalPorts {
  /** The service account: who is signed in (null for nobody, also while no capability offers it). */
  sessions: SessionSource;
  /** The finder: who is responsible for a service (Leistungsschlüssel) at a place. */
  responsibleAuthority(
    leikaKey: string,
    place: { postcode?: string; municipality?: string },
  ): Promise<ResponsibleAuthority>;
  /** The finder: every authority responsible for a service somewhere. */
  authoritiesFor(leikaKey: string): Promise<ResponsibleAuthority[]>;
  /**
   * The payment: the fee this person paid for exactly this application; null when the
   * answers make it zero (an exemption); a coded error otherwise (not paid, amount changed).
   */
  paidFee(input: {
    subject: string;
    applicationId: string;
    feeScheduleId: string;
    answers: Readonly<Record<string, string | number | boolean>>;
    /** The submitting request: a fee paid in this browser before signing in counts too. */
    ctx: EfaContext;
  }): Promise<PaidFee | null>;
  /** The submission: where validated applications go. */
  applicationSink: ApplicationSink;
}

export interface CapabilityDeps {
  db: EfaDatabase;
  config: PortalConfig;
  /** The process environment, for the capability's own `…ConfigFromEnv(env)`. */
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  /** The ports other capabilities offer, resolved at call time; a missing one throws. */
  ports: PortalPorts;
}

/**
 * A capability as the portal runs it: the package's capability (core's contract, mounted by
 * core's capability host exactly as a state's own server would) plus what only this portal
 * has, its pages and the ports through which it composes the procedure.
 */
export interface PortalCapability {
  capability: EfaCapability;
  /** Ports this capability offers the others. */
  ports?: Partial<PortalPorts>;
  pages?: PortalPage[];
  startSection?: StartSection;
}

/** A capability before start: its migrations run first, then `create`. */
export interface CapabilityModule {
  name: string;
  migrations: readonly PackageMigrations[];
  create(deps: CapabilityDeps): Promise<PortalCapability>;
}

/**
 * The ports of the capabilities created so far and later: each call finds the first capability
 * that offers the port at that moment. Nobody is signed in while no capability offers sessions.
 */
export function portsOf(capabilities: readonly PortalCapability[]): PortalPorts {
  const find = <K extends keyof PortalPorts>(name: K): PortalPorts[K] | undefined =>
    capabilities.find((capability) => capability.ports?.[name])?.ports?.[name];
  const required = <K extends keyof PortalPorts>(name: K): PortalPorts[K] => {
    const port = find(name);
    if (!port) throw new Error(`no capability offers the port "${name}"`);
    return port;
  };
  return {
    sessions: async (request, response) => (await find('sessions')?.(request, response)) ?? null,
    responsibleAuthority: (leikaKey, place) => required('responsibleAuthority')(leikaKey, place),
    authoritiesFor: (leikaKey) => required('authoritiesFor')(leikaKey),
    paidFee: (input) => required('paidFee')(input),
    applicationSink: (ctx, application) => required('applicationSink')(ctx, application),
  };
}
