// A state's own server with only the payment capability (docs/reuse.md, "Eigener Server").
// Install: npm install @efa-kit/core @efa-kit/payment
// Start:   PUBLIC_URL=https://zahlung.land.example PORT=8080 node payment-server.mjs
import { createServer } from 'node:http';
import { createCapabilityHost, createDatabase } from '@efa-kit/core/server';
import { createPaymentCapability, paymentConfigFromEnv } from '@efa-kit/payment/server';

const port = Number(process.env.PORT ?? 8080);
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;

// The fees are the server's: the browser never sets an amount.
const fees = [
  {
    serviceId: '99102013104000',
    title: { de: 'Hund anmelden', en: 'Register a dog' },
    purpose: 'Hund anmelden',
    items: [
      {
        id: 'verwaltungsgebuehr',
        description: { de: 'Verwaltungsgebühr', en: 'Administrative fee' },
        unitCents: 1500,
        // Where the cash office books it (HKR); the provider receives it with the item.
        bookingData: { Haushaltsstelle: '1.1.2.1.01', Sachkonto: '43110000' },
      },
    ],
  },
];

// PostgreSQL with DATABASE_URL=postgres://…; without it an embedded PGlite in memory.
const db = await createDatabase(process.env.DATABASE_URL);
const payment = await createPaymentCapability({
  db,
  publicUrl,
  // PAYMENT_PROVIDER_URL and friends; without a provider (and outside production) the simulator.
  settings: paymentConfigFromEnv(process.env, { mode: process.env.PAYMENT_MODE ?? 'development' }),
  fees,
  log: console.log,
});
const host = await createCapabilityHost({
  db,
  publicUrl,
  capabilities: [payment],
  // Pages on these origins may embed <efa-payment endpoint="https://…/trpc">.
  cors: { origins: (process.env.CORS_ORIGINS ?? '').split(',').filter(Boolean) },
});

const server = createServer(async (req, res) => {
  if (await host.handle(req, res)) return;
  res.statusCode = 404;
  res.end();
});
server.listen(port, () =>
  console.log(`payment server listening on ${publicUrl} (port ${server.address().port})`),
);

process.on('SIGTERM', () => {
  server.close(async () => {
    await host.stop();
    await db.destroy();
  });
});
