import {
  createPaymentCapability,
  exampleFeeSchedules,
  paymentAccessOf,
  paymentConfigFromEnv,
  paymentMigrations,
} from '@efa-kit/payment/server';
import type { CapabilityModule } from '../capability.js';
import { paymentPage } from '../pages/payment.js';

/**
 * Fees through an XBezahldienste provider, from the package's capability. In development mode
 * (PORTAL_MODE=development, which `npm start` sets) and without PAYMENT_PROVIDER_URL the
 * capability starts the provider simulator (with OAuth2 client credentials, like a real
 * provider) so that the demo can take a payment offline. In production a missing provider
 * stops the start (PAYMENT_CONFIGURATION, from `paymentConfigFromEnv`).
 */
export const paymentCapability: CapabilityModule = {
  name: 'payment',
  migrations: [paymentMigrations],
  async create({ db, config, env, log, ports }) {
    const payment = await createPaymentCapability({
      db,
      publicUrl: config.publicUrl,
      settings: paymentConfigFromEnv(env, { mode: config.mode }),
      fees: exampleFeeSchedules,
      sessions: ports.sessions,
      log,
    });
    return {
      capability: payment,
      pages: [paymentPage],
      ports: {
        paidFee: ({ subject, applicationId, feeScheduleId, answers, ctx }) =>
          payment.service.paidFeeFor({
            subject,
            applicationId,
            serviceId: feeScheduleId,
            answers: { ...answers },
            access: paymentAccessOf(ctx.session, ctx.request.headers),
          }),
      },
    };
  },
};
