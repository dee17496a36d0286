import type { TrustLevel } from '@efa-kit/core';
import {
  type ApplicationSink,
  createJobQueue,
  type DataSealer,
  type EfaCapability,
  type EfaDatabase,
  mergeRouters,
  migrate,
  router,
  type SessionSource,
} from '@efa-kit/core/server';
import type { FormDefinition } from '../schema/index.js';
import type { FormEnvConfig } from './config.js';
import { scheduleDraftExpiry } from './drafts/expiry.js';
import { createDraftRouter } from './drafts/router.js';
import { createDraftStore, type DraftStore } from './drafts/storage.js';
import { createFormRouter } from './router.js';
import { createUploadHandler } from './uploads/handler.js';
import {
  createUploadStore,
  formAssistantMigrations,
  purgeExpiredUploads,
  type UploadStore,
} from './uploads/storage.js';

/** Uploads never submitted are removed this often (they expire 24 hours after upload). */
const purgeUploadsEveryMs = 15 * 60 * 1000;
/** What a resume code looks like (resumeCodeSymbols, grouped): anything else is not passed on. */
const resumeCodePattern = /^[0-9A-Za-z*~$=%-]{17,40}$/;

export interface FormCapabilityOptions {
  db: EfaDatabase;
  /** Where citizens reach this server: resume links are `<publicUrl><resumePath>/<code>`. */
  publicUrl: string | URL;
  /** Seals uploads and server drafts at rest (core's `createDataSealer`, the state's key ring). */
  sealer: DataSealer;
  /** The forms this server offers, keyed by form id (e.g. `blueprintForms()`). */
  forms: Readonly<Record<string, FormDefinition>>;
  /** Who is signed in (the service account's `sessions`): prefill, locked values, uploads. */
  sessions?: SessionSource;
  /**
   * Offers `form.submit`: where validated applications go (the submission capability's `sink`)
   * and the login level each form's service requires, null for a form not offered for
   * submission here. Without it every submit is refused (FORM_NOT_SUBMITTABLE).
   */
  submission?: {
    sink: ApplicationSink;
    trustLevelFor(formId: string): TrustLevel | null;
  };
  /** From `formConfigFromEnv(process.env)`: how long drafts are kept. */
  settings?: FormEnvConfig;
  /**
   * The page where a person enters a resume code (default "/antrag/fortsetzen"). A resume link
   * `<resumePath>/<code>` is answered with a redirect to `<resumePath>#code=<code>`; the page is
   * the host's, it renders `<efa-form>` which reads the code from the fragment.
   */
  resumePath?: string;
  /** Further origins allowed to upload (a state's other portals); CORS origins count too. */
  allowedOrigins?: readonly string[];
  log?: (message: string) => void;
}

export interface FormCapability extends EfaCapability {
  /** Server drafts (a host's "my drafts" page lists them). */
  readonly drafts: DraftStore;
  readonly uploads: UploadStore;
  readonly forms: Readonly<Record<string, FormDefinition>>;
}

/**
 * `form.*` (definition, prefill, validate, submit) and `form.drafts.*`, the upload routes
 * (`/uploads`), the resume link, a job that removes uploads never submitted, and the sweep
 * that deletes expired drafts (on core's job queue, so one server runs each sweep).
 */
export async function createFormCapability(options: FormCapabilityOptions): Promise<FormCapability> {
  const { db, sealer, forms } = options;
  const log = options.log ?? (() => undefined);
  const publicUrl = new URL(options.publicUrl);
  const resumePath = (options.resumePath ?? '/antrag/fortsetzen').replace(/\/+$/, '');
  const sessions: SessionSource = options.sessions ?? (async () => null);
  await migrate(db, [formAssistantMigrations]);
  const uploads = createUploadStore({ db, sealer });
  const ttlMs = options.settings?.draftTtlMs;
  const drafts = createDraftStore({ db, sealer, ...(ttlMs ? { ttlMs } : {}) });
  const uploadRoutes = createUploadHandler({
    db,
    sealer,
    forms,
    resolveSession: sessions,
    publicOrigin: publicUrl.origin,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    store: uploads,
    drafts,
    onError: (error) => log(`form: upload failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  const boss = await createJobQueue(db, { instanceName: 'form-drafts' });
  try {
    await scheduleDraftExpiry(boss, db, { log });
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }
  log(`form: ${Object.keys(forms).length} forms (${Object.keys(forms).join(', ')})`);
  const formRouter = createFormRouter({
    forms,
    ...(options.submission
      ? {
          submission: {
            sink: options.submission.sink,
            trustLevelFor: (formId: string) => options.submission?.trustLevelFor(formId) ?? null,
            uploads,
          },
        }
      : {}),
    drafts,
  });
  const draftRouter = createDraftRouter({
    forms,
    store: drafts,
    resumeUrl: (code) => new URL(`${resumePath}/${code}`, publicUrl).toString(),
  });
  return {
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
        res.setHeader('location', resumeCodePattern.test(code) ? `${resumePath}#code=${code}` : resumePath);
        res.end();
        return true;
      }
      return uploadRoutes(req, res, url);
    },
    jobs: [
      {
        name: 'form.purge-uploads',
        everyMs: purgeUploadsEveryMs,
        // Idempotent: deletes what has expired, on whichever server runs it first.
        run: async () => {
          await purgeExpiredUploads(db);
        },
      },
    ],
    drafts,
    uploads,
    forms,
    async stop() {
      await boss.stop({ graceful: true });
    },
  };
}
