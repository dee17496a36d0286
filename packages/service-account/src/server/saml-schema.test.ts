import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import * as samlify from 'samlify';
import { describe, expect, it } from 'vitest';
import './saml.js';
import {
  BoundedQueue,
  SchemaWorkerPool,
  type SchemaWorkerPoolOptions,
  validateSamlSchema,
} from './saml-schema.js';

// Issue 17: the earlier validator kept 16 MB per validation after gc (arrayBuffers), so posted
// SAML responses exhausted the server's memory. These tests run the validator samlify got from
// saml.ts on a schema-valid response and bound what stays after gc.

/** A schema-valid SAML response with an assertion, shaped like a BundID answer. */
const response = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2026-12-04T05:00:00Z" Destination="https://portal.example/saml/acs" InResponseTo="_req1"><saml:Issuer>https://idp.example</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-12-04T05:00:00Z"><saml:Issuer>https://idp.example</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">_t1</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2026-12-04T05:05:00Z" Recipient="https://portal.example/saml/acs" InResponseTo="_req1"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2026-12-04T04:59:00Z" NotOnOrAfter="2026-12-04T05:05:00Z"><saml:AudienceRestriction><saml:Audience>https://portal.example/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="2026-12-04T05:00:00Z"><saml:AuthnContext><saml:AuthnContextClassRef>STORK-QAA-Level-3</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="urn:oid:2.5.4.42"><saml:AttributeValue>Erika</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mib = 1024 * 1024;

function retained(): { rss: number; arrayBuffers: number } {
  gc();
  gc();
  const { rss, arrayBuffers } = process.memoryUsage();
  return { rss, arrayBuffers };
}

describe('SAML schema validation (issue 17)', () => {
  it('accepts a schema-valid response and refuses one that breaks the schema', async () => {
    await expect(samlify.SamlLib.isValidXml(response)).resolves.toBe(true);
    // Version is required on a Response.
    await expect(samlify.SamlLib.isValidXml(response.replace('Version="2.0"', ''))).rejects.toThrow(/schema/);
    await expect(samlify.SamlLib.isValidXml('<samlp:Response/>')).rejects.toThrow();
  });

  it('keeps no memory per validation: 200 validations of a response retain under 16 MiB of buffers and 48 MiB resident after gc', async () => {
    // Warm up both pool threads (module code, schema files, compiled libxml2), then measure.
    await Promise.all([samlify.SamlLib.isValidXml(response), samlify.SamlLib.isValidXml(response)]);
    const before = retained();
    for (let i = 0; i < 100; i++) {
      await Promise.all([samlify.SamlLib.isValidXml(response), samlify.SamlLib.isValidXml(response)]);
    }
    const after = retained();
    // The earlier validator retained 16 MB of arrayBuffers per call: 3.2 GB here. Resident
    // memory counts the pool's threads too, so a heap kept per message would show there.
    expect((after.arrayBuffers - before.arrayBuffers) / mib).toBeLessThan(16);
    expect((after.rss - before.rss) / mib).toBeLessThan(48);
  }, 60_000);

  it('runs at most `concurrency` validations at once and refuses past the waiting bound with ACCOUNT_LOGIN_BUSY', async () => {
    const queue = new BoundedQueue(2, 3);
    const started = Array.from({ length: 5 }, () => validateSamlSchema(response, queue));
    expect(queue.running).toBe(2);
    expect(queue.waiting).toBe(3);
    await expect(validateSamlSchema(response, queue)).rejects.toMatchObject({ code: 'ACCOUNT_LOGIN_BUSY' });
    await expect(Promise.all(started)).resolves.toEqual([true, true, true, true, true]);
    expect(queue.running).toBe(0);
    expect(queue.waiting).toBe(0);
    // A failing validation frees its slot too.
    await expect(validateSamlSchema('<x/>', queue)).rejects.toThrow();
    expect(queue.running).toBe(0);
  });

  it('answers concurrent validations each with its own result', async () => {
    const queue = new BoundedQueue(2, 10);
    const pool = new SchemaWorkerPool({ size: 2 });
    const broken = response.replace('Version="2.0"', '');
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        validateSamlSchema(i % 2 ? broken : response, queue, pool).catch((error: Error) => error.message),
      ),
    );
    for (const [i, outcome] of outcomes.entries()) {
      if (i % 2) expect(outcome).toMatch(/does not match the SAML 2\.0 schema: .*'Version' is required/);
      else expect(outcome).toBe(true);
    }
    expect(pool.threads).toBe(2);
  });
});

describe('SAML schema worker pool (issue 17)', () => {
  /** A pool whose threads the test can see, each with its exit; started like the real ones. */
  function recordedPool(options: SchemaWorkerPoolOptions = {}) {
    const workers: Array<{ worker: Worker; exited: Promise<unknown> }> = [];
    const url = new URL('./saml-schema-worker.ts', import.meta.url);
    const pool = new SchemaWorkerPool({
      ...options,
      createWorker: () => {
        const worker = new Worker(url);
        workers.push({ worker, exited: once(worker, 'exit') });
        return worker;
      },
    });
    return { pool, workers };
  }

  it('fails a validation past its time limit, terminates its thread and starts a fresh one for the next', async () => {
    // 1 ms: no thread even starts in time, so the limit is what ends each validation here.
    const { pool, workers } = recordedPool({ size: 1, timeoutMs: 1 });
    await expect(pool.validate(response)).rejects.toThrow(/longer than 1 ms/);
    await workers[0]?.exited;
    expect(pool.threads).toBe(0);
    await expect(pool.validate(response)).rejects.toThrow(/longer than 1 ms/);
    await workers[1]?.exited;
    expect(workers).toHaveLength(2);
  });

  it('fails the validation of a thread that dies under it, and validates the next message on a fresh thread', async () => {
    const { pool, workers } = recordedPool({ size: 1 });
    const validation = pool.validate(response);
    const first = workers[0]?.worker as Worker;
    await once(first, 'online');
    await first.terminate();
    await expect(validation).rejects.toThrow(/SAML schema validation failed: SAML schema worker exited/);
    expect(pool.threads).toBe(0);
    await expect(pool.validate(response)).resolves.toMatchObject({ exitCode: 0 });
    expect(workers).toHaveLength(2);
    expect(pool.threads).toBe(1);
  });

  it('replaces a thread after `recycleAfter` validations', async () => {
    const { pool, workers } = recordedPool({ size: 1, recycleAfter: 2 });
    for (let i = 0; i < 5; i++) await expect(pool.validate(response)).resolves.toMatchObject({ exitCode: 0 });
    expect(workers).toHaveLength(3);
    await Promise.all(workers.slice(0, 2).map(({ exited }) => exited));
    expect(pool.threads).toBe(1);
  });
});
