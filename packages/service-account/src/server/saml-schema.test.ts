import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as samlify from 'samlify';
import { describe, expect, it } from 'vitest';
import './saml.js';
import { BoundedQueue, validateSamlSchema } from './saml-schema.js';

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

  it('keeps no memory per validation: 40 validations of a response retain under 16 MiB of buffers and 48 MiB resident after gc', async () => {
    // Warm up once (module code, schema files), then measure.
    await samlify.SamlLib.isValidXml(response);
    const before = retained();
    for (let i = 0; i < 20; i++) {
      await Promise.all([samlify.SamlLib.isValidXml(response), samlify.SamlLib.isValidXml(response)]);
    }
    const after = retained();
    // The earlier validator retained 16 MB of arrayBuffers per call: 640 MB here. (Each
    // validation starts a worker thread, ≈ 0.25 s on the loaded test machine, hence only 40.)
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
});
