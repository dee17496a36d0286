import { randomUUID } from 'node:crypto';
import { createDatabase, type EfaDatabase } from '@efa-kit/core/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultControl } from './faults.js';
import type { LedgerTables } from './ledger.js';
import { createDeliveryService, type DeliveryService } from './service.js';
import {
  allClients,
  api,
  destinationConfig,
  destinationId,
  encryptFor,
  generateTestKeys,
  leika,
  senderClient,
  type TestKeys,
  tokenFor,
} from './test-support.test.support.js';

let keys: TestKeys;
let db: EfaDatabase;
let service: DeliveryService;
const faults = createFaultControl();

beforeAll(async () => {
  keys = await generateTestKeys();
  db = await createDatabase();
  service = await createDeliveryService({
    db,
    destinations: [destinationConfig(keys)],
    clients: allClients,
    signingKey: keys.service,
    sweepIntervalMs: 0,
    faults,
  });
}, 120_000);

afterAll(async () => {
  faults.releaseAll('fail');
  await service.stop();
  await db.destroy();
});

const status = async (submissionId: string) =>
  (
    await db
      .withTables<LedgerTables>()
      .selectFrom('efa_delivery_service.submission')
      .select('status')
      .where('submission_id', '=', submissionId)
      .executeTakeFirst()
  )?.status;

describe('fault control of the development delivery service', () => {
  it('holds a request after its commit until released, and tells when it got there', async () => {
    const client = api(service, await tokenFor(service, senderClient));
    const attachmentId = randomUUID();
    const held = faults.hold('create-after-commit');
    const answer = client.post('/v1/submissions', {
      destinationId,
      announcedAttachments: [attachmentId],
      serviceType: { identifier: leika, name: 'Hund anmelden' },
    });
    const reached = await held.reached;
    const { submissionId } = reached.context;
    if (!submissionId) throw new Error('no submission id after the commit');
    // Stored, while the sender has no answer yet.
    expect(await status(submissionId)).toBe('incomplete');
    let answered = false;
    void answer.then(() => {
      answered = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    reached.release();
    const created = await answer;
    expect(created.status).toBe(201);
    expect(((await created.json()) as { submissionId: string }).submissionId).toBe(submissionId);

    // Before the commit, `fail`: nothing is stored, the sender gets a 500 problem.
    const upload = faults.hold('upload-before-commit', (context) => context.submissionId === submissionId);
    const jwe = await encryptFor(keys, 'Anlage');
    const put = client.put(
      `/v1/submissions/${submissionId}/attachments/${attachmentId}`,
      jwe,
      'application/jose',
    );
    (await upload.reached).release('fail');
    expect((await put).status).toBe(500);
    const stored = await db
      .withTables<LedgerTables>()
      .selectFrom('efa_delivery_service.attachment')
      .select('attachment_id')
      .where('submission_id', '=', submissionId)
      .execute();
    expect(stored).toEqual([]);

    // Unarmed points only count what passed.
    expect(faults.passes('create-after-commit').map((context) => context.submissionId)).toEqual([
      submissionId,
    ]);
    expect(faults.passes('upload-before-commit')).toHaveLength(1);
    expect(faults.passes('upload-after-commit')).toHaveLength(0);
  }, 60_000);

  it('a cancelled fault holds nothing', async () => {
    const client = api(service, await tokenFor(service, senderClient));
    faults.hold('create-before-commit').cancel();
    const created = await client.post('/v1/submissions', {
      destinationId,
      announcedAttachments: [],
      serviceType: { identifier: leika, name: 'Hund anmelden' },
    });
    expect(created.status).toBe(201);
  });
});
