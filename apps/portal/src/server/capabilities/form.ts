import { blueprintForms } from '@efa-kit/form-assistant/blueprints';
import {
  createFormRouter,
  createUploadHandler,
  createUploadStore,
  formAssistantMigrations,
  purgeExpiredUploads,
} from '@efa-kit/form-assistant/server';
import type { CapabilityModule } from '../capability.js';
import { portalDataSealer } from '../data-sealer.js';
import { formPages, formsOverviewPage } from '../pages/form.js';
import { portalServiceForForm } from '../services.js';

/** Uploads never submitted are removed this often (they expire 24 hours after upload). */
const purgeIntervalMs = 15 * 60 * 1000;

/**
 * The blueprint applications (dog registration, housing benefit, geothermal drilling) served
 * to <efa-form> by the package's router. Files go to `/uploads`, sealed with the portal's data
 * key and bound to the signed-in person; `form.submit` validates everything again on the
 * server, checks the service's trust level and hands the application to the submission
 * capability through the application-sink port. Only forms of the service catalogue can be
 * submitted; the others (geothermal drilling, which has no Leistungsschlüssel here yet) are
 * validated but refused at submit.
 */
export const formCapability: CapabilityModule = {
  name: 'form',
  migrations: [formAssistantMigrations],
  async create({ db, config, env, log, ports, resolveSession }) {
    const forms = blueprintForms();
    const sealer = portalDataSealer(config, env);
    const uploads = createUploadStore({ db, sealer });
    const uploadRoutes = createUploadHandler({
      db,
      sealer,
      forms,
      resolveSession,
      publicOrigin: config.publicUrl.origin,
      allowedOrigins: config.allowedOrigins,
      store: uploads,
      onError: (error) =>
        log(`form: upload failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    const purge = setInterval(() => {
      purgeExpiredUploads(db).catch((error: unknown) => log(`form: upload purge failed: ${String(error)}`));
    }, purgeIntervalMs);
    purge.unref();
    log(`form: ${Object.keys(forms).length} forms (${Object.keys(forms).join(', ')})`);
    return {
      namespace: 'form',
      router: createFormRouter({
        forms,
        submission: {
          sink: (ctx, application) => ports.applicationSink(ctx, application),
          trustLevelFor: (formId) => portalServiceForForm(formId)?.trustLevel ?? null,
          uploads,
        },
      }),
      handle: uploadRoutes,
      pages: [formsOverviewPage, ...formPages],
      async stop() {
        clearInterval(purge);
      },
    };
  },
};
