import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSealer, EfaDatabase } from '@efa-kit/core/server';
import {
  type Casework,
  createCasework,
  createInboxRouter,
  createMailbox,
  createMailboxAttachmentRoute,
  createMailboxRouter,
  createReplyInboxApi,
  createSubscriberApi,
  type InboxAuthority,
  type Mailbox,
  type SubmissionApi,
  startPulling,
} from '@efa-kit/submission/server';
import type { AnyTRPCRouter } from '@trpc/server';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { PortalPage, PortalPorts } from '../capability.js';
import type { DevelopmentSecrets } from '../development-secrets.js';
import { portalError } from '../errors.js';
import { inboxPage, mailboxPage } from '../pages/casework.js';
import { portalServiceDefinitions } from '../services.js';
import type { DevelopmentDelivery } from './development-delivery.js';

/** How often the mailbox and the inbox ask the delivery service for what is new. */
const pullIntervalMs = 3_000;

/** The mailbox's reply key pair (RSA-OAEP-256, 4096 bit), made once and kept with the development secrets. */
async function developmentReplyKey(secrets: DevelopmentSecrets): Promise<JWK> {
  const stored = secrets.read('mailbox-reply-key.json');
  if (stored) return JSON.parse(stored) as JWK;
  const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', {
    modulusLength: 4096,
    extractable: true,
  });
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256');
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RSA-OAEP-256' };
  secrets.write('mailbox-reply-key.json', JSON.stringify(jwk));
  return jwk;
}

/** MAILBOX_REPLY_PRIVATE_JWK: the mailbox's private reply key as a JWK (JSON), in production. */
function replyKeyFromEnv(env: NodeJS.ProcessEnv): JWK | null {
  const raw = env.MAILBOX_REPLY_PRIVATE_JWK?.trim();
  if (!raw) return null;
  try {
    const jwk = JSON.parse(raw) as JWK;
    if (jwk.kty === 'RSA' && typeof jwk.d === 'string' && typeof jwk.kid === 'string') return jwk;
  } catch {
    // Reported below, with the variable's name.
  }
  throw portalError('PORTAL_CONFIGURATION', {
    capability: 'submission',
    variables: 'MAILBOX_REPLY_PRIVATE_JWK',
  });
}

export interface CaseworkComposition {
  /** Where authorities answer (the pipeline's `replyChannel`); null without a mailbox. */
  mailbox: Mailbox | null;
  routers: Record<string, AnyTRPCRouter>;
  pages: PortalPage[];
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The way back (issue 13): the citizen's mailbox (`mailbox.*`, /postfach) on the portal's
 * sender client, and, while the development delivery service runs, the authorities' inbox
 * (`inbox.*`, /behoerde) as the development destinations' subscriber. In production an
 * authority runs its inbox on its own system (the same package), so the portal serves only
 * the mailbox, and only when MAILBOX_REPLY_PRIVATE_JWK is set.
 */
export async function composeCasework(options: {
  db: EfaDatabase;
  env: NodeJS.ProcessEnv;
  sealer: DataSealer;
  publicOrigin: string;
  submissions: SubmissionApi;
  sender: { baseUrl: string; tokenUrl: string; clientId: string; clientSecret: string } | null;
  development: DevelopmentDelivery | undefined;
  secrets: DevelopmentSecrets | null;
  ports: PortalPorts;
  log: (message: string) => void;
}): Promise<CaseworkComposition> {
  const { db, development, log } = options;
  const serviceNames = Object.fromEntries(portalServiceDefinitions.map((s) => [s.leikaKey, s.name.de]));
  const replyPrivateKey = options.secrets
    ? await developmentReplyKey(options.secrets)
    : replyKeyFromEnv(options.env);
  if (!replyPrivateKey || !options.sender) {
    log('submission: no mailbox (MAILBOX_REPLY_PRIVATE_JWK not set): authorities answer by letter');
    return { mailbox: null, routers: {}, pages: [], handle: async () => false, stop: async () => {} };
  }
  const mailbox = createMailbox({
    db,
    sealer: options.sealer,
    replies: createReplyInboxApi(options.sender),
    submissions: options.submissions,
    replyPrivateKey,
    publicOrigin: options.publicOrigin,
    serviceNames,
    log,
  });
  const pollers = [
    startPulling(() => mailbox.pull(), { intervalMs: pullIntervalMs, log, name: 'mailbox pull' }),
  ];
  const routers: Record<string, AnyTRPCRouter> = { mailbox: createMailboxRouter({ mailbox }) };
  const pages = [mailboxPage];
  let casework: Casework | undefined;
  if (development) {
    casework = createCasework({
      db,
      api: createSubscriberApi({
        baseUrl: development.service.url,
        tokenUrl: development.service.tokenUrl,
        clientId: development.subscriber.clientId,
        clientSecret: development.subscriber.secret,
      }),
      authorities: await developmentAuthorities(development, options.ports),
      replyKey: mailbox.replyPublicJwk,
      serviceNames,
      log,
    });
    const inbox = casework;
    pollers.push(startPulling(() => inbox.pull(), { intervalMs: pullIntervalMs, log, name: 'inbox pull' }));
    routers.inbox = createInboxRouter({ casework });
    pages.push(inboxPage);
  }
  const attachments = createMailboxAttachmentRoute({ mailbox, resolveSession: options.ports.sessions });
  return {
    mailbox,
    routers,
    pages,
    handle: (req, res, url) => attachments(req, res, url),
    async stop() {
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}

/** Every authority with a development destination, with all its destinations and their key ids. */
async function developmentAuthorities(
  development: DevelopmentDelivery,
  ports: PortalPorts,
): Promise<InboxAuthority[]> {
  const byId = new Map<string, InboxAuthority & { destinations: InboxAuthority['destinations'][number][] }>();
  for (const service of portalServiceDefinitions) {
    const names = new Map((await ports.authoritiesFor(service.leikaKey)).map((a) => [a.id, a.name]));
    for (const [authorityId, destinationId] of Object.entries(
      development.destinations[service.leikaKey] ?? {},
    )) {
      const entry = byId.get(authorityId) ?? {
        id: authorityId,
        name: names.get(authorityId) ?? authorityId,
        destinations: [],
      };
      entry.destinations.push({
        destinationId,
        encryptionKid: development.kids.encryption,
        signingKid: development.kids.signing,
      });
      byId.set(authorityId, entry);
    }
  }
  return [...byId.values()];
}
