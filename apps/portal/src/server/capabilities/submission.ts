import { destinationFor } from '@efa-kit/core';
import { createJobQueue } from '@efa-kit/core/server';
import {
  type ApplicationView,
  caseworkMigrations,
  createApplicationSink,
  createDeliveryPipeline,
  createEventCallbackRoute,
  createReceiptRoute,
  createSubmissionApiClient,
  createSubmissionRouter,
  deliveryMigrations,
  mailboxMigrations,
  renderApplicationPdf,
  type SubmissionApi,
  submissionConfigFromEnv,
} from '@efa-kit/submission/server';
import { type DeliveryService, deliveryServiceMigrations } from '@efa-kit/submission/testing';
import type { CapabilityModule } from '../capability.js';
import { portalDataSealer } from '../data-sealer.js';
import { developmentSecrets } from '../development-secrets.js';
import { portalError } from '../errors.js';
import { submissionPages } from '../pages/submission.js';
import { portalCatalogue, portalServiceForForm } from '../services.js';
import { composeCasework } from './casework.js';
import { type DevelopmentDelivery, startDevelopmentDelivery } from './development-delivery.js';

/**
 * Submitted applications, delivered encrypted to the responsible authority's destination
 * through a FIT-Connect Submission API. In development mode without FIT_CONNECT_SUBMISSION_URL
 * the portal starts the development delivery service (a real Submission API over HTTP) with a
 * destination per authority; in production a missing delivery service stops the start.
 * This capability composes the procedure: it offers the form assistant's submit port and
 * uses the finder (who is responsible) and the payment (was the fee paid) through ports.
 */
/** Where the delivery service posts its new-events callbacks (FIT-Connect's NEW_EVENTS). */
const callbackPath = '/fit-connect/callback';

export const submissionCapability: CapabilityModule = {
  name: 'submission',
  migrations: [deliveryMigrations, deliveryServiceMigrations, caseworkMigrations, mailboxMigrations],
  async create({ db, config, env, log, ports }) {
    const settings = submissionConfigFromEnv(env, { mode: config.mode });
    const sealer = portalDataSealer(config, env);
    let api: SubmissionApi;
    let destinations = settings.destinations;
    let developmentService: DeliveryService | undefined;
    let development: DevelopmentDelivery | undefined;
    let secrets: ReturnType<typeof developmentSecrets> | null = null;
    if (settings.api) {
      api = createSubmissionApiClient(settings.api);
      log(`submission: delivery service ${new URL(settings.api.baseUrl).origin}`);
    } else {
      if (!settings.useDevelopmentService) {
        throw portalError('PORTAL_CONFIGURATION', {
          capability: 'submission',
          variables: 'FIT_CONNECT_SUBMISSION_URL',
        });
      }
      secrets = developmentSecrets(config, env);
      development = await startDevelopmentDelivery({
        db,
        ports,
        secrets,
        host: settings.developmentService.host,
        port: settings.developmentService.port,
        // The service calls the portal back when an authority answers (NEW_EVENTS); a portal on
        // a port the system picks (PORT=0) has no address yet and relies on the sweep.
        ...(config.publicUrl.port === '0'
          ? {}
          : { callbackUrl: new URL(callbackPath, config.publicUrl).href }),
      });
      developmentService = development.service;
      api = development.api;
      destinations = development.destinations;
      const count = Object.values(destinations).reduce(
        (sum, byAuthority) => sum + Object.keys(byAuthority).length,
        0,
      );
      log(
        `submission: development delivery service at ${development.service.url} with ${count} destinations` +
          (secrets.folder ? ` (subscriber access in ${secrets.folder}/delivery-service.json)` : ''),
      );
    }
    const catalogue = portalCatalogue(destinations);
    const casework = await composeCasework({
      db,
      env,
      sealer,
      publicOrigin: config.publicUrl.origin,
      submissions: api,
      sender: settings.api
        ? settings.api
        : development
          ? {
              baseUrl: development.service.url,
              tokenUrl: development.service.tokenUrl,
              clientId: development.sender.clientId,
              clientSecret: development.sender.secret,
            }
          : null,
      development,
      secrets,
      ports,
      log,
    });
    const mailbox = casework.mailbox;
    const eventCallbackSecret = settings.callbackSecret ?? development?.callbackSecret;
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
      // The authority answers into the citizen's mailbox at this portal.
      ...(mailbox ? { replyChannel: (application) => mailbox.replyChannelFor(application) } : {}),
    });
    await pipeline.start();
    const sink = createApplicationSink({
      pipeline,
      catalogue,
      async route(service, application) {
        const authority = await ports.responsibleAuthority(service.leikaKey, application.place ?? {});
        const destinationId = destinationFor(service, authority.id);
        if (!destinationId) {
          throw portalError('PORTAL_NO_DESTINATION', {
            authority: authority.name,
            service: service.name[application.locale],
          });
        }
        return { destinationId, authority };
      },
      paidFee: (service, application, ctx) =>
        ports.paidFee({
          ctx,
          subject: application.subject,
          applicationId: application.applicationId,
          feeScheduleId: service.feeScheduleId,
          answers: portalServiceForForm(application.formId)?.feeAnswers?.(application.feeAnswers) ?? {},
        }),
    });
    const receipts = createReceiptRoute({ pipeline, resolveSession: ports.sessions });
    const callbacks = eventCallbackSecret ? createEventCallbackRoute({ pipeline, path: callbackPath }) : null;
    return {
      capability: {
        name: 'submission',
        migrations: [deliveryMigrations, deliveryServiceMigrations, caseworkMigrations, mailboxMigrations],
        routers: { submission: createSubmissionRouter({ pipeline }), ...casework.routers },
        routes: async (req, res, url) =>
          (await receipts(req, res, url)) ||
          (callbacks !== null && (await callbacks(req, res, url))) ||
          casework.handle(req, res, url),
        ...(developmentService
          ? {
              pageNeeds: {
                developmentServices: [
                  { de: 'Zustelldienst (FIT-Connect)', en: 'delivery service (FIT-Connect)' },
                ],
              },
            }
          : {}),
        async stop() {
          await casework.stop();
          await boss.stop({ graceful: true, close: false, timeout: 10_000 });
          await developmentService?.stop();
        },
      },
      ports: { applicationSink: sink },
      pages: [...submissionPages(pipeline), ...casework.pages],
    };
  },
};
