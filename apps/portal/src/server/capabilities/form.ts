import { blueprintForms } from '@efa-kit/form-assistant/blueprints';
import {
  createFormCapability,
  formAssistantMigrations,
  formConfigFromEnv,
} from '@efa-kit/form-assistant/server';
import type { CapabilityModule } from '../capability.js';
import { portalDataSealer } from '../data-sealer.js';
import { draftsPage, resumePage, resumePath } from '../pages/drafts.js';
import { formPages, formsOverviewPage } from '../pages/form.js';
import { portalServiceForForm } from '../services.js';

/**
 * The blueprint applications (dog registration, housing benefit, geothermal drilling), from the
 * package's capability: files sealed with the portal's data key, drafts kept
 * FORM_DRAFT_TTL_DAYS. `form.submit` checks the trust level of the portal's service catalogue
 * and hands the application to the submission capability through the application-sink port.
 * Only forms of the catalogue can be submitted; the others (geothermal drilling, which has no
 * Leistungsschlüssel here yet) are validated but refused at submit.
 */
export const formCapability: CapabilityModule = {
  name: 'form',
  migrations: [formAssistantMigrations],
  async create({ db, config, env, log, ports }) {
    const form = await createFormCapability({
      db,
      publicUrl: config.publicUrl,
      sealer: portalDataSealer(config, env),
      forms: blueprintForms(),
      sessions: ports.sessions,
      settings: formConfigFromEnv(env),
      submission: {
        sink: (ctx, application) => ports.applicationSink(ctx, application),
        trustLevelFor: (formId) => portalServiceForForm(formId)?.trustLevel ?? null,
      },
      resumePath,
      allowedOrigins: config.allowedOrigins,
      log,
    });
    return {
      capability: form,
      pages: [formsOverviewPage, ...formPages, resumePage, draftsPage(form.drafts)],
    };
  },
};
