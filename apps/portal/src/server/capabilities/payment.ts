import {
  createPaymentExportHandler,
  createPaymentReturnHandler,
  createPaymentRouter,
  createPaymentService,
  defineFeeSchedules,
  exampleFeeSchedules,
  type PaymentProvider,
  paymentAccessOf,
  paymentConfigFromEnv,
  paymentMigrations,
  providerFromConfig,
} from '@efa-kit/payment/server';
import { type PaymentSimulator, startPaymentSimulator } from '@efa-kit/payment/testing';
import type { CapabilityModule } from '../capability.js';
import { paymentPage } from '../pages/payment.js';

/**
 * Fees through an XBezahldienste provider. In development mode (PORTAL_MODE=development, which
 * `npm start` sets) and without PAYMENT_PROVIDER_URL the portal starts the provider simulator
 * (with OAuth2 client credentials, like a real provider) so that the demo can take a payment
 * offline. In production a missing provider stops the start.
 */
export const paymentCapability: CapabilityModule = {
  name: 'payment',
  migrations: [paymentMigrations],
  async create({ db, config, env, log, resolveSession }) {
    // In production a missing provider is PAYMENT_CONFIGURATION, thrown here.
    const settings = paymentConfigFromEnv(env, { mode: config.mode });
    let simulator: PaymentSimulator | undefined;
    let provider: PaymentProvider;
    if (!settings.useSimulator && settings.providerUrl) {
      provider = providerFromConfig(settings);
      log(`payment: provider ${new URL(settings.providerUrl).origin}`);
    } else {
      // The ledger lives in the portal's database, so a restart of `npm start` loses no transaction.
      simulator = await startPaymentSimulator({
        db,
        host: settings.simulator.host,
        port: settings.simulator.port,
        ...(settings.simulator.publicUrl ? { publicUrl: settings.simulator.publicUrl } : {}),
      });
      const [client] = simulator.clients;
      if (!client) throw new Error('payment simulator without a client');
      provider = providerFromConfig(settings, {
        providerUrl: simulator.url,
        auth: { type: 'oauth2-client-credentials', tokenUrl: simulator.tokenUrl, ...client },
      });
      log(`payment: provider simulator at ${simulator.url} (set PAYMENT_PROVIDER_URL for a real provider)`);
    }
    const service = createPaymentService({
      db,
      provider,
      fees: defineFeeSchedules(exampleFeeSchedules),
      ...(settings.expireAfterMs ? { expireAfterMs: settings.expireAfterMs } : {}),
      returnUrl: (id) => new URL(`/payment/return/${id}`, config.publicUrl).toString(),
      ...(settings.kassenzeichenPrefix ? { kassenzeichenPrefix: settings.kassenzeichenPrefix } : {}),
    });
    const stopReconciler = service.startReconciler(settings.reconcileIntervalMs);
    const returns = createPaymentReturnHandler({ service, resolveSession });
    const exportCsv = createPaymentExportHandler({ service, token: settings.exportToken });
    return {
      namespace: 'payment',
      router: createPaymentRouter({ service, staffRoles: settings.staffRoles }),
      handle: async (req, res) => (await returns(req, res)) || (await exportCsv(req, res)),
      pages: [paymentPage],
      ports: {
        paidFee: ({ subject, applicationId, feeScheduleId, answers, ctx }) =>
          service.paidFeeFor({
            subject,
            applicationId,
            serviceId: feeScheduleId,
            answers: { ...answers },
            access: paymentAccessOf(ctx.session, ctx.request.headers),
          }),
      },
      formActionOrigins: [new URL(simulator?.url ?? settings.providerUrl ?? config.publicUrl).origin],
      ...(simulator ? { developmentServices: [{ de: 'Zahlungssimulator', en: 'payment simulator' }] } : {}),
      async stop() {
        stopReconciler();
        await simulator?.close();
      },
    };
  },
};
