import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  parseTrustLevel,
  satisfiesTrustLevel,
  type TrustLevel,
  toEidasUri,
  trustLevelRank,
} from '@efa-kit/core';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, {
  type ClientMetadata,
  type Configuration,
  type FindAccount,
  interactionPolicy,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { createDevIdpStorage } from './dev-idp-storage.js';
import { escapeHtml, page } from './html.js';
import {
  type DevLoginMethod,
  devLoginMethods,
  pseudonymFor,
  type TestIdentity,
  testIdentities,
} from './identities.js';

export interface DevClient {
  clientId: string;
  /** For `client_secret_basic`/`client_secret_post`. */
  clientSecret?: string;
  /** Public JWK(s) for `private_key_jwt`. */
  jwks?: { keys: JsonWebKey[] };
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Where the provider posts OIDC Back-Channel Logout tokens. */
  backchannelLogoutUri?: string;
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
  /** Display name on the login page (BundID shows the online service's name). */
  name?: string;
}

export interface DevIdentityProviderOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Defaults to http://localhost:<port>. */
  issuer?: string;
  clients: DevClient[];
  /** Algorithm of the provider's ID token signing key; RS256 by default. */
  signingAlg?: 'RS256' | 'PS256' | 'ES256';
  /** Token endpoint auth methods the provider accepts (all three by default). */
  clientAuthMethods?: ReadonlyArray<'client_secret_basic' | 'client_secret_post' | 'private_key_jwt'>;
  identities?: readonly TestIdentity[];
  /**
   * Offer only methods that reach the requested level, like BundID. Tests of the relying
   * party's own level check turn this off to get a lower level than they asked for.
   */
  enforceRequestedLevel?: boolean;
}

export interface DevIdentityProvider {
  issuer: string;
  port: number;
  provider: Provider;
  server: Server;
  close(): Promise<void>;
}

const text = {
  de: {
    title: 'Anmelden mit Ihrem Servicekonto',
    intro: 'möchte Sie anmelden.',
    required: 'Benötigtes Vertrauensniveau',
    method: 'Wie möchten Sie sich ausweisen?',
    unavailable: 'Reicht für diesen Dienst nicht aus.',
    identity: 'Testidentität',
    login: 'Anmelden',
    cancel: 'Abbrechen',
    levels: { low: 'niedrig', substantial: 'substanziell', high: 'hoch' },
    noIdentity: 'Diese Testidentität kann sich mit dem gewählten Verfahren nicht anmelden.',
    logoutTitle: 'Abmelden',
    logoutText: 'Möchten Sie sich auch beim Servicekonto abmelden?',
    logoutYes: 'Abmelden',
    loggedOut: 'Sie sind abgemeldet.',
    error: 'Es ist ein Fehler aufgetreten',
  },
  en: {
    title: 'Log in with your service account',
    intro: 'would like to log you in.',
    required: 'Required trust level',
    method: 'How would you like to identify yourself?',
    unavailable: 'Not enough for this service.',
    identity: 'Test identity',
    login: 'Log in',
    cancel: 'Cancel',
    levels: { low: 'low', substantial: 'substantial', high: 'high' },
    noIdentity: 'This test identity cannot log in with the chosen method.',
    logoutTitle: 'Log out',
    logoutText: 'Do you also want to log out of the service account?',
    logoutYes: 'Log out',
    loggedOut: 'You are logged out.',
    error: 'An error occurred',
  },
} as const;

function langOf(params: Record<string, unknown>): 'de' | 'en' {
  return String(params.ui_locales ?? '').startsWith('en') ? 'en' : 'de';
}

function requestedLevel(acrValues: unknown): TrustLevel {
  // acr_values lists acceptable values, space-separated; the lowest one listed is what suffices.
  const levels = String(acrValues ?? '')
    .split(' ')
    .map((v) => parseTrustLevel(v))
    .filter((l): l is TrustLevel => l !== undefined);
  return levels.sort((a, b) => trustLevelRank(a) - trustLevelRank(b))[0] ?? 'low';
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('Form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const errorFor: Record<NonNullable<TestIdentity['error']>, { error: string; error_description: string }> = {
  // Extension error codes (RFC 6749 §8.5): access_denied would tell the portal the citizen cancelled.
  'account-locked': { error: 'account_locked', error_description: 'Das Servicekonto ist gesperrt.' },
  'document-expired': { error: 'document_expired', error_description: 'Der Ausweis ist abgelaufen.' },
  'provider-error': {
    error: 'temporarily_unavailable',
    error_description: 'Technischer Fehler beim Servicekonto.',
  },
};

/**
 * A development identity provider on `oidc-provider` (a certified OpenID provider): discovery,
 * code flow with PKCE, client secret or `private_key_jwt`, `acr` per login method, userinfo
 * and RP-initiated logout, with a BundID-style login page and German test identities.
 */
export async function startDevIdentityProvider(
  options: DevIdentityProviderOptions,
): Promise<DevIdentityProvider> {
  const identities = options.identities ?? testIdentities;
  const byId = new Map(identities.map((i) => [i.id, i]));
  // The account id is the pseudonym: oidc-provider sends it as `sub`, like BundID's bPK2.
  const byPseudonym = new Map(identities.map((i) => [pseudonymFor(i.id), i]));
  const signingAlg = options.signingAlg ?? 'RS256';
  const enforce = options.enforceRequestedLevel ?? true;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = options.issuer ?? `http://localhost:${port}`;

  const { privateKey } = await generateKeyPair(signingAlg, { extractable: true });
  const signingJwk = {
    ...(await exportJWK(privateKey)),
    alg: signingAlg,
    use: 'sig',
    kid: randomBytes(8).toString('hex'),
  };

  const findAccount: FindAccount = async (_ctx, id) => {
    const identity = byPseudonym.get(id);
    if (!identity) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...identity.claims };
      },
    };
  };

  const storage = createDevIdpStorage();
  const policy = interactionPolicy.base();
  // Step-up: a session at a lower level than the one now requested must log in again.
  policy.get('login')?.checks.add(
    new interactionPolicy.Check(
      'acr_insufficient',
      'the session does not reach the requested level',
      (ctx) => {
        // Just logged in during this very request: accept what the user chose (the relying
        // party checks the level), rather than asking again in a loop.
        if (ctx.oidc.result?.login) return false;
        const session = ctx.oidc.session;
        const have = session?.acr ? parseTrustLevel(session.acr) : undefined;
        const want = requestedLevel(ctx.oidc.params?.acr_values);
        return !have || !satisfiesTrustLevel(have, want);
      },
    ),
  );

  const clients: ClientMetadata[] = options.clients.map((c) => ({
    client_id: c.clientId,
    ...(c.clientSecret ? { client_secret: c.clientSecret } : {}),
    ...(c.jwks ? { jwks: c.jwks as unknown as ClientMetadata['jwks'] } : {}),
    client_name: c.name ?? c.clientId,
    redirect_uris: c.redirectUris,
    post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
    ...(c.backchannelLogoutUri
      ? { backchannel_logout_uri: c.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {}),
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method:
      c.tokenEndpointAuthMethod ?? (c.jwks ? 'private_key_jwt' : 'client_secret_basic'),
    id_token_signed_response_alg: signingAlg,
  }));

  const configuration: Configuration = {
    clients,
    findAccount,
    jwks: { keys: [signingJwk] as NonNullable<Configuration['jwks']>['keys'] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    acrValues: ['low', 'substantial', 'high'].map((l) => toEidasUri(l as TrustLevel)),
    claims: {
      openid: ['sub'],
      profile: [
        'given_name',
        'family_name',
        'birth_family_name',
        'birthdate',
        'place_of_birth',
        'nationalities',
        'gender',
        'title',
        'eidas_issuing_country',
      ],
      email: ['email', 'email_verified'],
      address: ['address'],
      phone: ['phone_number'],
      organisation: ['organisation'],
      postbox: ['postbox_handle'],
      // Staff accounts: roles and the one authority a caseworker works for.
      staff: ['efa_staff'],
    },
    scopes: ['openid', 'profile', 'email', 'address', 'phone', 'organisation', 'postbox', 'staff'],
    clientAuthMethods: [
      ...(options.clientAuthMethods ?? ['client_secret_basic', 'client_secret_post', 'private_key_jwt']),
    ],
    enabledJWA: {
      clientAuthSigningAlgValues: ['ES256', 'PS256', 'RS256', 'EdDSA'],
      idTokenSigningAlgValues: [signingAlg],
    },
    pkce: { required: () => true },
    // oidc-provider refuses outgoing requests to loopback addresses (SSRF protection); the
    // development provider's back-channel logout calls go to portals on this machine.
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      const { dispatcher: _dispatcher, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(input, rest);
    },
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContextWithOIDC, form: string) {
          const lang = langOf(ctx.oidc.params ?? {});
          const t = text[lang];
          ctx.body = page(
            lang,
            t.logoutTitle,
            `<h1>${t.logoutTitle}</h1><p>${t.logoutText}</p>${form}<div class="actions"><button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">${t.logoutYes}</button></div>`,
          );
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.body = page('de', text.de.loggedOut, `<h1>${text.de.loggedOut}</h1>`);
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      const items = Object.entries(out)
        .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`)
        .join('');
      ctx.body = page('de', text.de.error, `<h1>${text.de.error}</h1><dl>${items}</dl>`);
    },
    adapter: storage.adapter,
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
  };

  const provider = new Provider(issuer, configuration);
  const oidc = provider.callback();

  function send(res: ServerResponse, status: number, html: string) {
    res.statusCode = status;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(html);
  }

  function loginPage(
    uid: string,
    params: Record<string, unknown>,
    clientName: string,
    error?: string,
    selected?: { method?: string; identity?: string },
  ): string {
    const lang = langOf(params);
    const t = text[lang];
    const need = requestedLevel(params.acr_values);
    const methods = devLoginMethods
      .map((m, index) => {
        const ok = !enforce || satisfiesTrustLevel(m.level, need);
        const id = `method-${m.id}`;
        const checked = selected?.method
          ? selected.method === m.id
          : ok && index === devLoginMethods.findIndex((x) => !enforce || satisfiesTrustLevel(x.level, need));
        return `<div class="option${ok ? '' : ' unavailable'}"><input type="radio" name="method" id="${id}" value="${m.id}"${ok ? '' : ' disabled'}${checked && ok ? ' checked' : ''} aria-describedby="${id}-hint"><label for="${id}">${escapeHtml(m.label[lang])}<span id="${id}-hint">${escapeHtml(m.hint[lang])}${ok ? '' : ` – ${t.unavailable}`}</span></label></div>`;
      })
      .join('');
    const options = identities
      .map(
        (i) =>
          `<option value="${escapeHtml(i.id)}"${selected?.identity === i.id ? ' selected' : ''}>${escapeHtml(i.label)}</option>`,
      )
      .join('');
    return page(
      lang,
      t.title,
      `<h1>${t.title}</h1>
<p><strong>${escapeHtml(clientName)}</strong> ${t.intro}</p>
<p>${t.required}: <strong>${t.levels[need]}</strong></p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<fieldset><legend>${t.method}</legend>${methods}</fieldset>
<label for="identity">${t.identity}</label>
<select id="identity" name="identity">${options}</select>
<div class="actions">
<button class="primary" type="submit">${t.login}</button>
<button class="secondary" type="submit" formaction="/interaction/${escapeHtml(uid)}/abort" formnovalidate>${t.cancel}</button>
</div>
</form>`,
    );
  }

  async function grantAll(
    accountId: string,
    clientId: string,
    details: Awaited<ReturnType<Provider['interactionDetails']>>,
  ) {
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant = existing ?? new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    const scope = String(details.params.scope ?? 'openid');
    grant.addOIDCScope(missing.missingOIDCScope?.join(' ') ?? scope);
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return grant.save();
  }

  async function interaction(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(path);
    if (!match) return send(res, 404, page('de', 'Nicht gefunden', '<h1>Nicht gefunden</h1>'));
    const details = await provider.interactionDetails(req, res);
    const client = await provider.Client.find(String(details.params.client_id));
    const clientName = client?.clientName ?? String(details.params.client_id);
    const action = match[2];
    if (!action && req.method === 'GET') {
      if (details.prompt.name === 'consent' && details.session?.accountId) {
        // The development provider's clients are first-party: consent is implied.
        const grantId = await grantAll(details.session.accountId, String(details.params.client_id), details);
        return provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
      }
      return send(res, 200, loginPage(details.uid, details.params, clientName));
    }
    if (req.method !== 'POST') return send(res, 405, page('de', 'Methode nicht erlaubt', '<h1>405</h1>'));
    const form = await readForm(req);
    if (action === '/abort') {
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'Die Anmeldung wurde abgebrochen.' },
        { mergeWithLastSubmission: false },
      );
    }
    const method = devLoginMethods.find((m) => m.id === form.get('method'));
    const identity = byId.get(form.get('identity') ?? '');
    const need = requestedLevel(details.params.acr_values);
    if (
      !method ||
      !identity?.methods.includes(method.id) ||
      (enforce && !satisfiesTrustLevel(method.level, need))
    ) {
      const t = text[langOf(details.params)];
      return send(
        res,
        422,
        loginPage(details.uid, details.params, clientName, t.noIdentity, {
          method: form.get('method') ?? '',
          identity: form.get('identity') ?? '',
        }),
      );
    }
    if (identity.error) {
      return provider.interactionFinished(req, res, errorFor[identity.error], {
        mergeWithLastSubmission: false,
      });
    }
    const accountId = pseudonymFor(identity.id);
    const grantId = await grantAll(accountId, String(details.params.client_id), details);
    return provider.interactionFinished(
      req,
      res,
      {
        login: { accountId, acr: toEidasUri(method.level), amr: [method.amr] },
        consent: { grantId },
      },
      { mergeWithLastSubmission: false },
    );
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (path.startsWith('/interaction/')) {
      interaction(req, res, path).catch((error: unknown) => {
        if (!res.headersSent) {
          send(
            res,
            400,
            page(
              'de',
              text.de.error,
              `<h1>${text.de.error}</h1><p>${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`,
            ),
          );
        }
      });
      return;
    }
    oidc(req, res);
  });

  return {
    issuer,
    port,
    provider,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        storage.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type { DevLoginMethod };
