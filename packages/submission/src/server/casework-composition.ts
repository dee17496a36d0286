import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataSealer, EfaDatabase, SessionSource } from '@efa-kit/core/server';
import type { AnyTRPCRouter } from '@trpc/server';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
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
  startPulling,
} from '../casework/index.js';
import type { DevelopmentDelivery, DevelopmentSecretStore } from '../delivery-service/development.js';
import type { SubmissionApi } from '../fit-connect/index.js';

/** How often the mailbox and the inbox ask the delivery service for what is new. */
const pullIntervalMs = 3_000;

/** The mailbox's reply key pair (RSA-OAEP-256, 4096 bit), made once and kept with the development secrets. */
async function developmentReplyKey(secrets: DevelopmentSecretStore): Promise<JWK> {
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

export interface CaseworkComposition {
  /** Where authorities answer (the pipeline's `replyChannel`); null without a mailbox. */
  mailbox: Mailbox | null;
  /** The development destinations' inbox (`inbox.*`); null outside development. */
  inbox: Casework | null;
  routers: Record<string, AnyTRPCRouter>;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The way back (issue 13): the citizen's mailbox (`mailbox.*`) on the host's sender client,
 * and, while the development delivery service runs, the authorities' inbox (`inbox.*`) as the
 * development destinations' subscriber. In production an authority runs its inbox on its own
 * system (the same package), so the host serves only the mailbox, and only with a reply key.
 */
export async function composeCasework(options: {
  db: EfaDatabase;
  sealer: DataSealer;
  publicOrigin: string;
  submissions: SubmissionApi;
  sender: { baseUrl: string; tokenUrl: string; clientId: string; clientSecret: string } | null;
  /** The configured reply key (MAILBOX_REPLY_PRIVATE_JWK); in development one is made and kept. */
  replyKey: JWK | undefined;
  development: { delivery: DevelopmentDelivery; secrets: DevelopmentSecretStore } | null;
  /** German service names by Leistungsschlüssel, for the mailbox's and inbox's lists. */
  serviceNames: Readonly<Record<string, string>>;
  authoritiesFor(leikaKey: string): Promise<ReadonlyArray<{ id: string; name: string }>>;
  sessions: SessionSource;
  log: (message: string) => void;
}): Promise<CaseworkComposition> {
  const { db, log, serviceNames } = options;
  const development = options.development?.delivery;
  const replyPrivateKey =
    options.replyKey ?? (options.development ? await developmentReplyKey(options.development.secrets) : null);
  if (!replyPrivateKey || !options.sender) {
    log('submission: no mailbox (MAILBOX_REPLY_PRIVATE_JWK not set): authorities answer by letter');
    return { mailbox: null, inbox: null, routers: {}, handle: async () => false, stop: async () => {} };
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
      authorities: await developmentAuthorities(
        development,
        Object.keys(serviceNames),
        options.authoritiesFor,
      ),
      replyKey: mailbox.replyPublicJwk,
      serviceNames,
      log,
    });
    const inbox = casework;
    pollers.push(startPulling(() => inbox.pull(), { intervalMs: pullIntervalMs, log, name: 'inbox pull' }));
    routers.inbox = createInboxRouter({ casework });
  }
  const attachments = createMailboxAttachmentRoute({ mailbox, resolveSession: options.sessions });
  return {
    mailbox,
    inbox: casework ?? null,
    routers,
    handle: (req, res, url) => attachments(req, res, url),
    async stop() {
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}

/** Every authority with a development destination, with all its destinations and their key ids. */
async function developmentAuthorities(
  development: DevelopmentDelivery,
  leikaKeys: readonly string[],
  authoritiesFor: (leikaKey: string) => Promise<ReadonlyArray<{ id: string; name: string }>>,
): Promise<InboxAuthority[]> {
  const byId = new Map<string, InboxAuthority & { destinations: InboxAuthority['destinations'][number][] }>();
  for (const leikaKey of leikaKeys) {
    const names = new Map((await authoritiesFor(leikaKey)).map((a) => [a.id, a.name]));
    for (const [authorityId, destinationId] of Object.entries(development.destinations[leikaKey] ?? {})) {
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
