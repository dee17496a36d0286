import { type EfaCapability, type EfaDatabase, migrate, type SessionSource } from '@efa-kit/core/server';
import type { PaymentEnvConfig } from './config.js';
import { providerFromConfig } from './config.js';
import { defineFeeSchedules, type FeeScheduleInput } from './fees.js';
import type { PaymentProvider } from './provider.js';
import { createPaymentExportHandler, createPaymentReturnHandler, createPaymentRouter } from './router.js';
import { createPaymentService, type PaymentService } from './service.js';
import { paymentMigrations } from './storage.js';

export interface PaymentCapabilityOptions {
  db: EfaDatabase;
  /** Where citizens reach this server: the provider sends them back to `<publicUrl>/payment/return/<id>`. */
  publicUrl: string | URL;
  /**
   * From `paymentConfigFromEnv(process.env, { mode })`: the provider, or, without
   * PAYMENT_PROVIDER_URL outside production, the provider simulator (started here, with its
   * ledger in `db`).
   */
  settings: PaymentEnvConfig;
  /** The fee schedules (amounts are the server's, never the browser's). */
  fees: readonly FeeScheduleInput[];
  /** Who is signed in (the service account's `sessions`); without it payments belong to the browser. */
  sessions?: SessionSource;
  /** A provider of your own instead of the one `settings` describe (tests, another protocol). */
  provider?: PaymentProvider;
  log?: (message: string) => void;
}

/** The payment capability, with what the portal composes from it (the fee check at submit). */
export interface PaymentCapability extends EfaCapability {
  readonly service: PaymentService;
  /** The simulator's base URL while it runs instead of a provider; null with a real provider. */
  readonly simulatorUrl: string | null;
}

const returnPath = '/payment/return';

/**
 * `payment.*` (quote, create, status, export), the provider's return route, the cash office's
 * CSV export, and the reconciler that asks the provider about open payments (a job). See
 * docs/reuse.md for a server that mounts only this capability.
 */
export async function createPaymentCapability(options: PaymentCapabilityOptions): Promise<PaymentCapability> {
  const { db, settings } = options;
  const log = options.log ?? (() => undefined);
  const publicUrl = new URL(options.publicUrl);
  await migrate(db, [paymentMigrations]);
  let provider = options.provider;
  let simulator: { url: string; close(): Promise<void> } | undefined;
  if (!provider && !settings.useSimulator && settings.providerUrl) {
    provider = providerFromConfig(settings);
    log(`payment: provider ${new URL(settings.providerUrl).origin}`);
  } else if (!provider) {
    // Loaded only when needed: the simulator is a development tool.
    const { startPaymentSimulator } = await import('../testing/simulator.js');
    const started = await startPaymentSimulator({
      db,
      host: settings.simulator.host,
      port: settings.simulator.port,
      ...(settings.simulator.publicUrl ? { publicUrl: settings.simulator.publicUrl } : {}),
    });
    simulator = started;
    const [client] = started.clients;
    if (!client) throw new Error('payment simulator without a client');
    provider = providerFromConfig(settings, {
      providerUrl: started.url,
      auth: { type: 'oauth2-client-credentials', tokenUrl: started.tokenUrl, ...client },
    });
    log(`payment: provider simulator at ${started.url} (set PAYMENT_PROVIDER_URL for a real provider)`);
  }
  const service = createPaymentService({
    db,
    provider,
    fees: defineFeeSchedules(options.fees),
    ...(settings.expireAfterMs ? { expireAfterMs: settings.expireAfterMs } : {}),
    returnUrl: (id) => new URL(`${returnPath}/${id}`, publicUrl).toString(),
    ...(settings.kassenzeichenPrefix ? { kassenzeichenPrefix: settings.kassenzeichenPrefix } : {}),
  });
  const returns = createPaymentReturnHandler({
    service,
    basePath: returnPath,
    ...(options.sessions ? { resolveSession: options.sessions } : {}),
  });
  const exportCsv = createPaymentExportHandler({ service, token: settings.exportToken });
  const providerOrigin = new URL(simulator?.url ?? settings.providerUrl ?? publicUrl).origin;
  return {
    name: 'payment',
    migrations: [paymentMigrations],
    routers: { payment: createPaymentRouter({ service, staffRoles: settings.staffRoles }) },
    routes: async (req, res) => (await returns(req, res)) || (await exportCsv(req, res)),
    jobs: [
      {
        name: 'payment.reconcile',
        everyMs: settings.reconcileIntervalMs,
        // Idempotent: each open payment's state only moves forward by what the provider says.
        run: async () => {
          await service.reconcile();
        },
      },
    ],
    pageNeeds: {
      // The citizen is sent to the provider's checkout.
      formActionOrigins: [providerOrigin],
      ...(simulator ? { developmentServices: [{ de: 'Zahlungssimulator', en: 'payment simulator' }] } : {}),
    },
    service,
    simulatorUrl: simulator?.url ?? null,
    async stop() {
      await simulator?.close();
    },
  };
}
