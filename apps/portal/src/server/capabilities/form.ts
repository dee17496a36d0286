import { createJobQueue, mergeRouters, router } from '@efa-kit/core/server';
import { blueprintForms } from '@efa-kit/form-assistant/blueprints';
import {
  createDraftRouter,
  createDraftStore,
  createFormRouter,
  createUploadHandler,
  createUploadStore,
  formAssistantMigrations,
  purgeExpiredUploads,
  scheduleDraftExpiry,
} from '@efa-kit/form-assistant/server';
import type { CapabilityModule } from '../capability.js';
import { portalDataSealer } from '../data-sealer.js';
import { draftsPage, resumePage, resumePath } from '../pages/drafts.js';
import { formPages, formsOverviewPage } from '../pages/form.js';
import { portalServiceForForm } from '../services.js';

/** Uploads never submitted are removed this often (they expire 24 hours after upload). */
const purgeIntervalMs = 15 * 60 * 1000;
const resumeCodePattern = /^[0-9A-Za-z*~$=%-]{17,40}$/;

/** FORM_DRAFT_TTL_DAYS: how long a draft is kept after its last save (default 30, 1 to 365). */
function draftTtlMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.FORM_DRAFT_TTL_DAYS?.trim();
  if (!raw) return undefined;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new RangeError(`FORM_DRAFT_TTL_DAYS must be a whole number of days from 1 to 365, not "${raw}"`);
  }
  return days * 24 * 60 * 60 * 1000;
}

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
  async create({ db, config, env, log, ports }) {
    const forms = blueprintForms();
    const sealer = portalDataSealer(config, env);
    const uploads = createUploadStore({ db, sealer });
    const ttlMs = draftTtlMs(env);
    const drafts = createDraftStore({ db, sealer, ...(ttlMs ? { ttlMs } : {}) });
    const uploadRoutes = createUploadHandler({
      db,
      sealer,
      forms,
      resolveSession: ports.sessions,
      publicOrigin: config.publicUrl.origin,
      allowedOrigins: config.allowedOrigins,
      store: uploads,
      drafts,
      onError: (error) =>
        log(`form: upload failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    // Expired drafts are deleted by a sweep on the job queue (one app server runs each).
    const boss = await createJobQueue(db, { instanceName: 'form-drafts' });
    await scheduleDraftExpiry(boss, db, { log });
    log(`form: ${Object.keys(forms).length} forms (${Object.keys(forms).join(', ')})`);
    const formRouter = createFormRouter({
      forms,
      submission: {
        sink: (ctx, application) => ports.applicationSink(ctx, application),
        trustLevelFor: (formId) => portalServiceForForm(formId)?.trustLevel ?? null,
        uploads,
      },
      drafts,
    });
    const draftRouter = createDraftRouter({
      forms,
      store: drafts,
      resumeUrl: (code) => new URL(`${resumePath}/${code}`, config.publicUrl).toString(),
    });
    return {
      capability: {
        name: 'form',
        migrations: [formAssistantMigrations],
        // form.* and form.drafts.*: one capability, one namespace.
        routers: { form: mergeRouters(formRouter, router({ drafts: draftRouter })) },
        async routes(req, res, url) {
          // The resume link: its code moves from the path into the fragment of the resume page,
          // which the browser keeps to itself; nothing is looked up or used up by opening it.
          if (req.method === 'GET' && url.pathname.startsWith(`${resumePath}/`)) {
            const code = url.pathname.slice(resumePath.length + 1);
            res.statusCode = 303;
            res.setHeader('cache-control', 'private, no-store');
            res.setHeader('referrer-policy', 'no-referrer');
            res.setHeader(
              'location',
              resumeCodePattern.test(code) ? `${resumePath}#code=${code}` : resumePath,
            );
            res.end();
            return true;
          }
          return uploadRoutes(req, res, url);
        },
        jobs: [
          {
            name: 'form.purge-uploads',
            everyMs: purgeIntervalMs,
            run: async () => {
              await purgeExpiredUploads(db);
            },
          },
        ],
        async stop() {
          await boss.stop({ graceful: true });
        },
      },
      pages: [formsOverviewPage, ...formPages, resumePage, draftsPage(drafts)],
    };
  },
};
