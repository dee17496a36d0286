import { defineServiceCatalogue, destinationFor, type EfaService } from '@efa-kit/core';
import {
  type ApplicationSink,
  createJobQueue,
  type DataSealer,
  type EfaCapability,
  type EfaDatabase,
  migrate,
  type SessionSource,
} from '@efa-kit/core/server';
import type { Casework, Mailbox } from '../casework/index.js';
import { caseworkMigrations, mailboxMigrations } from '../casework/index.js';
import { deliveryError } from '../delivery/errors.js';
import { createDeliveryPipeline, type DeliveryPipeline } from '../delivery/pipeline.js';
import { deliveryMigrations } from '../delivery/storage.js';
import type { DevelopmentDelivery, DevelopmentSecretStore } from '../delivery-service/development.js';
import { deliveryServiceMigrations } from '../delivery-service/ledger.js';
import { createSubmissionApiClient, type SubmissionApi } from '../fit-connect/index.js';
import { type ApplicationView, renderApplicationPdf } from '../receipt/index.js';
import { composeCasework } from './casework-composition.js';
import type { SubmissionEnvConfig } from './config.js';
import { submissionConfigError } from './errors.js';
import { createEventCallbackRoute } from './event-callback-route.js';
import { createReceiptRoute } from './receipt-route.js';
import { createSubmissionRouter } from './router.js';
import { type ApplicationSinkOptions, createApplicationSink, type RoutedApplication } from './sink.js';

/** A service offered online; its destination is the one of the responsible authority. */
export type SubmissionService = Omit<EfaService, 'destination'>;

export interface SubmissionCapabilityOptions {
  db: EfaDatabase;
  /** Where citizens reach this server (receipts, the mailbox's links, the delivery service's callbacks). */
  publicUrl: string | URL;
  /** Seals applications waiting for delivery, receipts and mailbox messages at rest. */
  sealer: DataSealer;
  /**
   * From `submissionConfigFromEnv(process.env, { mode })`: the delivery service and the
   * destinations per service and authority, or, without FIT_CONNECT_SUBMISSION_URL outside
   * production, the development delivery service (started here, with a destination per
   * service and responsible authority, ledger in `db`).
   */
  settings: SubmissionEnvConfig;
  /** The services offered online (Leistungsschlüssel, form, fee schedule, trust level). */
  services: readonly SubmissionService[];
  /**
   * The authority responsible for a service at the applicant's place (the jurisdiction
   * finder), found on the server; throws a coded error when there is none.
   */
  responsibleAuthority(
    leikaKey: string,
    place: { postcode?: string; municipality?: string },
  ): Promise<RoutedApplication['authority']>;
  /** Every authority responsible for a service somewhere: the development destinations and inbox. */
  authoritiesFor(leikaKey: string): Promise<ReadonlyArray<{ id: string; name: string }>>;
  /** The fee paid for exactly this application (the payment capability), for services with a fee schedule. */
  paidFee?: ApplicationSinkOptions['paidFee'];
  /** Who is signed in (the service account's `sessions`): receipts and mailbox files are the owner's only. */
  sessions?: SessionSource;
  /**
   * Where the development delivery service keeps its keys and the subscriber's access across
   * restarts (default: memory, made anew each start).
   */
  developmentSecrets?: DevelopmentSecretStore;
  /** Where the delivery service's new-events callbacks arrive (default "/fit-connect/callback"). */
  callbackPath?: string;
  log?: (message: string) => void;
}

/** The submission capability, with what a host composes from it. */
export interface SubmissionCapability extends EfaCapability {
  /** The form assistant's submit port (`createFormCapability({ submission: { sink } })`). */
  readonly sink: ApplicationSink;
  readonly pipeline: DeliveryPipeline;
  /** The citizen's mailbox (`mailbox.*`); null without a reply key. */
  readonly mailbox: Mailbox | null;
  /** The development destinations' inbox (`inbox.*`); null outside development. */
  readonly inbox: Casework | null;
  /** Destination ids by Leistungsschlüssel and authority id, as used for routing. */
  readonly destinations: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The development delivery service's base URL while it runs; null with a real one. */
  readonly developmentServiceUrl: string | null;
}

const migrations = [deliveryMigrations, deliveryServiceMigrations, caseworkMigrations, mailboxMigrations];

/**
 * Submitted applications, delivered encrypted to the responsible authority's destination
 * through a FIT-Connect Submission API: `submission.*` (the citizen's status), the receipt
 * route, the delivery service's callbacks, the citizen's mailbox (`mailbox.*`) and, in
 * development, the authorities' inbox (`inbox.*`). Its `sink` is the form assistant's submit
 * port; the finder and the payment come in as `responsibleAuthority` and `paidFee`.
 */
export async function createSubmissionCapability(
  options: SubmissionCapabilityOptions,
): Promise<SubmissionCapability> {
  const { db, settings, sealer } = options;
  const log = options.log ?? (() => undefined);
  const publicUrl = new URL(options.publicUrl);
  const sessions: SessionSource = options.sessions ?? (async () => null);
  const callbackPath = options.callbackPath ?? '/fit-connect/callback';
  await migrate(db, migrations);
  let api: SubmissionApi;
  let destinations: Readonly<Record<string, Readonly<Record<string, string>>>> = settings.destinations;
  let development: { delivery: DevelopmentDelivery; secrets: DevelopmentSecretStore } | null = null;
  if (settings.api) {
    api = createSubmissionApiClient(settings.api);
    log(`submission: delivery service ${new URL(settings.api.baseUrl).origin}`);
  } else {
    if (!settings.useDevelopmentService) {
      throw submissionConfigError('SUBMISSION_CONFIGURATION', {
        variable: 'FIT_CONNECT_SUBMISSION_URL',
        expectedDe: 'fehlt (Produktionsbetrieb braucht einen Zustelldienst)',
        expectedEn: 'is missing (production needs a delivery service)',
      });
    }
    // Loaded only when needed: the development delivery service is a development tool.
    const { memorySecretStore, startDevelopmentDelivery } = await import(
      '../delivery-service/development.js'
    );
    const secrets = options.developmentSecrets ?? memorySecretStore();
    const delivery = await startDevelopmentDelivery({
      db,
      services: options.services,
      authoritiesFor: options.authoritiesFor,
      secrets,
      host: settings.developmentService.host,
      port: settings.developmentService.port,
      // The service calls this server back when an authority answers (NEW_EVENTS); a server on
      // a port the system picks (port 0) has no address yet and relies on the sweep.
      ...(publicUrl.port === '0' ? {} : { callbackUrl: new URL(callbackPath, publicUrl).href }),
    });
    development = { delivery, secrets };
    api = delivery.api;
    destinations = delivery.destinations;
    const count = Object.values(destinations).reduce(
      (sum, byAuthority) => sum + Object.keys(byAuthority).length,
      0,
    );
    log(
      `submission: development delivery service at ${delivery.service.url} with ${count} destinations` +
        (secrets.folder ? ` (subscriber access in ${secrets.folder}/delivery-service.json)` : ''),
    );
  }
  const delivery = development?.delivery;
  const stopDevelopment = async () => {
    await delivery?.service.stop();
  };
  try {
    const casework = await composeCasework({
      db,
      sealer,
      publicOrigin: publicUrl.origin,
      submissions: api,
      sender: settings.api
        ? settings.api
        : delivery
          ? {
              baseUrl: delivery.service.url,
              tokenUrl: delivery.service.tokenUrl,
              clientId: delivery.sender.clientId,
              clientSecret: delivery.sender.secret,
            }
          : null,
      replyKey: settings.mailboxReplyKey,
      development,
      serviceNames: Object.fromEntries(
        options.services.map((service) => [service.leikaKey, service.name.de]),
      ),
      authoritiesFor: options.authoritiesFor,
      sessions,
      log,
    });
    const { mailbox } = casework;
    const eventCallbackSecret = settings.callbackSecret ?? delivery?.callbackSecret;
    const boss = await createJobQueue(db);
    const pipeline = createDeliveryPipeline({
      db,
      boss,
      sealer,
      api,
      log,
      renderFormPdf: (view) => renderApplicationPdf(view as ApplicationView),
      // Statuses from the delivery service's signed callbacks as soon as an authority answers;
      // the once-a-minute sweep of the event logs stays as the fallback.
      ...(eventCallbackSecret ? { eventCallbackSecret } : {}),
      // The authority answers into the citizen's mailbox on this server.
      ...(mailbox ? { replyChannel: (application) => mailbox.replyChannelFor(application) } : {}),
    });
    await pipeline.start();
    const catalogue = defineServiceCatalogue(
      options.services.map((service) => ({
        ...service,
        destination: { kind: 'by-authority', destinations: { ...destinations[service.leikaKey] } },
      })),
    );
    const sink = createApplicationSink({
      pipeline,
      catalogue,
      async route(service, application) {
        const authority = await options.responsibleAuthority(service.leikaKey, application.place ?? {});
        const destinationId = destinationFor(service, authority.id);
        if (!destinationId) {
          throw deliveryError('SUBMISSION_NO_DESTINATION', {
            authority: authority.name,
            service: service.name[application.locale],
          });
        }
        return { destinationId, authority };
      },
      ...(options.paidFee ? { paidFee: options.paidFee } : {}),
    });
    const receipts = createReceiptRoute({ pipeline, resolveSession: sessions });
    const callbacks = eventCallbackSecret ? createEventCallbackRoute({ pipeline, path: callbackPath }) : null;
    return {
      name: 'submission',
      migrations,
      routers: { submission: createSubmissionRouter({ pipeline }), ...casework.routers },
      routes: async (req, res, url) =>
        (await receipts(req, res, url)) ||
        (callbacks !== null && (await callbacks(req, res, url))) ||
        casework.handle(req, res, url),
      ...(delivery
        ? {
            pageNeeds: {
              developmentServices: [
                { de: 'Zustelldienst (FIT-Connect)', en: 'delivery service (FIT-Connect)' },
              ],
            },
          }
        : {}),
      sink,
      pipeline,
      mailbox,
      inbox: casework.inbox,
      destinations,
      developmentServiceUrl: delivery?.service.url ?? null,
      async stop() {
        await casework.stop();
        await boss.stop({ graceful: true, close: false, timeout: 10_000 });
        await stopDevelopment();
      },
    };
  } catch (error) {
    await stopDevelopment();
    throw error;
  }
}
