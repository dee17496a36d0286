import {
  caseworkMigrations,
  createSubmissionCapability,
  deliveryMigrations,
  mailboxMigrations,
  submissionConfigFromEnv,
} from '@efa-kit/submission/server';
import { deliveryServiceMigrations } from '@efa-kit/submission/testing';
import type { CapabilityModule } from '../capability.js';
import { portalDataSealer } from '../data-sealer.js';
import { developmentSecrets } from '../development-secrets.js';
import { inboxPage, mailboxPage } from '../pages/casework.js';
import { submissionPages } from '../pages/submission.js';
import { portalServiceDefinitions, portalServiceForForm } from '../services.js';

/**
 * Submitted applications, delivered encrypted to the responsible authority's destination
 * through a FIT-Connect Submission API, from the package's capability. In development mode
 * without FIT_CONNECT_SUBMISSION_URL the capability starts the development delivery service
 * with a destination per authority, its keys kept with the portal's development secrets; in
 * production a missing delivery service stops the start. The portal composes the procedure:
 * the capability's sink is the form's submit port, and it asks the finder (who is
 * responsible) and the payment (was the fee paid, from the form's fee answers) through ports.
 */
export const submissionCapability: CapabilityModule = {
  name: 'submission',
  migrations: [deliveryMigrations, deliveryServiceMigrations, caseworkMigrations, mailboxMigrations],
  async create({ db, config, env, log, ports }) {
    const settings = submissionConfigFromEnv(env, { mode: config.mode });
    const submission = await createSubmissionCapability({
      db,
      publicUrl: config.publicUrl,
      sealer: portalDataSealer(config, env),
      settings,
      services: portalServiceDefinitions.map(({ feeAnswers: _feeAnswers, ...service }) => service),
      responsibleAuthority: (leikaKey, place) => ports.responsibleAuthority(leikaKey, place),
      authoritiesFor: (leikaKey) => ports.authoritiesFor(leikaKey),
      paidFee: (service, application, ctx) =>
        ports.paidFee({
          ctx,
          subject: application.subject,
          applicationId: application.applicationId,
          feeScheduleId: service.feeScheduleId,
          answers: portalServiceForForm(application.formId)?.feeAnswers?.(application.feeAnswers) ?? {},
        }),
      sessions: ports.sessions,
      ...(settings.useDevelopmentService && !settings.api
        ? { developmentSecrets: developmentSecrets(config, env) }
        : {}),
      log,
    });
    return {
      capability: submission,
      ports: { applicationSink: submission.sink },
      pages: [
        ...submissionPages(submission.pipeline),
        ...(submission.mailbox ? [mailboxPage] : []),
        ...(submission.inbox ? [inboxPage] : []),
      ],
    };
  },
};
