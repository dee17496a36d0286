import type {} from '@efa-kit/core/testing/postgres-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateTestKeys, type TestKeys } from '../delivery-service/test-support.test.support.js';
import {
  crashJourney,
  createFaultLab,
  type FaultLab,
  type Journey,
  type KillPoint,
  verifyDeliveries,
  type WorkerProcess,
} from './fault-journey.test.support.js';

/**
 * The portal's submission side is killed with SIGKILL at each point where a crash could lose
 * or double an application, and a new process is started on the same database. The delivery
 * service (in this process) holds the request at the point and tells when it got there, so
 * every kill lands exactly there. The long, random version: scripts/faulttest.mjs.
 */
const plan: Array<{ point: KillPoint; outcome: 'proceed' | 'fail'; what: string }> = [
  {
    point: 'accept-before-commit',
    outcome: 'fail',
    what: 'during accept, after payment, before its transaction commits: nothing stored, the browser’s repeated submit with the same id is taken',
  },
  {
    point: 'create-after-commit',
    outcome: 'proceed',
    what: 'after the submission was created at the delivery service, before the portal learnt its id: a new one is created, the orphan is never submitted',
  },
  {
    point: 'upload-before-commit',
    outcome: 'fail',
    what: 'during the attachment upload (lost): uploaded again to the same submission',
  },
  {
    point: 'upload-after-commit',
    outcome: 'proceed',
    what: 'after the attachment upload, before it was recorded: uploaded again, the same submission',
  },
  {
    point: 'submit-before-commit',
    outcome: 'fail',
    what: 'during the submit (lost before its commit): the event log shows no submit, submitted once',
  },
  {
    point: 'submit-after-commit',
    outcome: 'proceed',
    what: 'after the submit at the delivery service, before the state was recorded: the event log shows it, not sent again',
  },
];

let keys: TestKeys;
beforeAll(async () => {
  keys = await generateTestKeys();
}, 120_000);

const postgresUrl = inject('efaPostgresUrl');
const drivers = [
  { name: 'a PGlite folder', postgresUrl: undefined, available: true },
  { name: 'PostgreSQL', postgresUrl: postgresUrl ?? undefined, available: Boolean(postgresUrl) },
];

describe.each(drivers)('SIGKILL of the portal on $name', (driver) => {
  let lab: FaultLab;
  let worker: WorkerProcess;
  const journeys: Journey[] = [];

  beforeAll(async () => {
    if (!driver.available) return;
    lab = await createFaultLab({ keys, ...(driver.postgresUrl ? { postgresUrl: driver.postgresUrl } : {}) });
    worker = await lab.startWorker();
  }, 180_000);

  afterAll(async () => {
    if (!driver.available) return;
    await worker?.stop();
    await lab?.close();
  }, 60_000);

  for (const step of plan) {
    it.runIf(driver.available)(
      `killed ${step.what}`,
      async () => {
        const result = await crashJourney(lab, worker, step.point, step.outcome);
        worker = result.worker;
        journeys.push(result.journey);
      },
      120_000,
    );
  }

  it.runIf(driver.available)(
    'after all restarts: every application exactly once submitted at the delivery service, the orphan never, no submit repeated after its commit, no payment orphaned',
    async () => {
      expect(journeys).toHaveLength(plan.length);
      const check = await verifyDeliveries(lab, worker, journeys);
      expect(check).toEqual({
        applications: plan.length,
        submitted: plan.length,
        orphaned: 1,
        // One submit each, plus the one lost before its commit.
        submitRequests: plan.length + 1,
        // Every paid fee delivered with its application, none orphaned.
        paymentsDelivered: plan.length,
      });
    },
    120_000,
  );
});
