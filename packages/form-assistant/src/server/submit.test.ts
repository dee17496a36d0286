import { createHash, randomUUID } from 'node:crypto';
import type { ApplicationHandoff, SubmitAnswer } from '@efa-kit/core/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityAttributes } from '../validation/prefill.js';
import {
  type FormTestServer,
  mutate,
  portalHeaders,
  reductionProofField,
  samplePdf,
  startFormTestServer,
  uploadFile,
} from './form-server.test.support.js';

const verifiedErika: IdentityAttributes = {
  familyName: { value: 'Müller', verified: true },
  givenNames: { value: 'Erika', verified: true },
};

let server: FormTestServer;

beforeAll(async () => {
  server = await startFormTestServer({
    trustLevels: { 'dog-registration': 'substantial' },
    identity: (subject) => (subject === 'erika' ? verifiedErika : null),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.recording.calls.length = 0;
});

interface FileAnswer {
  name: string;
  size: number;
  mediaType: string;
  ref?: string;
  sha512?: string;
}

/** A dog registration with a reduction (a dog from the shelter) and its proof. */
function application(proof: FileAnswer[]) {
  return {
    G99777000010: {
      F99777000011: 'Müller',
      F99777000012: 'Erika',
      F99777000013: '1980-05-17',
      G99777000014: {
        F99777000015: 'Hauptstraße',
        F99777000016: '12a',
        F99777000017: '01796',
        F99777000018: 'Pirna',
      },
      F99777000020: 'erika@example.org',
    },
    G99777000030: [
      { F99777000031: 'Bello', F99777000032: 'mischling', F99777000033: 'm', F99777000037: '2026-11-01' },
      { F99777000031: 'Luna', F99777000032: 'beagle', F99777000033: 'w', F99777000037: '2026-11-10' },
    ],
    G99777000050: {
      F99777000051: true,
      G99777000055: { F99777000052: 'tierheimhund', F99777000053: proof },
    },
    G99777000060: { F99777000061: false },
    G99777000070: { F99777000072: true },
  };
}

async function uploadProof(user: string, bytes = samplePdf()) {
  const { status, body } = await uploadFile(server, {
    field: reductionProofField,
    filename: 'Bescheinigung Tierheim.pdf',
    type: 'application/pdf',
    body: bytes,
    user,
  });
  expect(status).toBe(201);
  return {
    name: body.filename ?? '',
    size: body.size ?? 0,
    mediaType: body.mimeType ?? '',
    ref: body.uploadId ?? '',
    sha512: body.sha512 ?? '',
  };
}

function submit(data: unknown, user?: string, applicationId: string = randomUUID(), locale = 'de') {
  return mutate<SubmitAnswer>(
    server,
    'form.submit',
    { formId: 'dog-registration', version: '1.0.0', applicationId, data },
    user,
    locale,
  );
}

/** The handoff without its functions, to compare two handoffs. */
function plain(handoff: ApplicationHandoff | undefined) {
  return JSON.parse(JSON.stringify(handoff ?? null)) as unknown;
}

describe('form.submit', () => {
  it('refuses without a session (UNAUTHORIZED) and hands nothing over', async () => {
    const { status, body } = await submit(application([]));
    expect(status).toBe(401);
    expect(body.error?.data.efaCode).toBe('UNAUTHORIZED');
    expect(server.recording.calls).toHaveLength(0);
  });

  it('refuses a login below the service trust level with a coded message in the citizen’s language', async () => {
    const proof = await uploadProof('erika@low');
    const de = await submit(application([proof]), 'erika@low');
    expect(de.status).toBe(403);
    expect(de.body.error?.data.efaCode).toBe('FORM_TRUST_LEVEL_TOO_LOW');
    expect(de.body.error?.message).toBe(
      'Für diesen Antrag müssen Sie sich mit dem Vertrauensniveau „substanziell“ anmelden, zum Beispiel mit Ihrem Online-Ausweis. Sie sind mit „niedrig“ angemeldet. Bitte melden Sie sich erneut an.',
    );
    const en = await submit(application([proof]), 'erika@low', randomUUID(), 'en');
    expect(en.body.error?.message).toContain('log in at the trust level “substantial”');
    expect(server.recording.calls).toHaveLength(0);
  });

  it('refuses a form the app offers for no service', async () => {
    const { status, body } = await mutate(
      server,
      'form.submit',
      {
        formId: 'housing-benefit',
        version: '1.0.0',
        applicationId: randomUUID(),
        data: {},
      },
      'erika@high',
    );
    expect(status).toBe(404);
    expect(body.error?.data.efaCode).toBe('FORM_NOT_SUBMITTABLE');
  });

  it('refuses a tampered locked value with a field error and hands nothing over', async () => {
    const proof = await uploadProof('erika@high');
    const data = application([proof]);
    data.G99777000010.F99777000011 = 'Mustermann';
    const { status, body } = await submit(data, 'erika@high');
    expect(status).toBe(400);
    expect(body.error?.data.fieldErrors).toEqual([
      {
        path: 'data.G99777000010.F99777000011',
        code: 'custom',
        message:
          'Dieser Wert stammt aus Ihrem Nutzerkonto und ist bestätigt. Er kann hier nicht geändert werden.',
      },
    ]);
    expect(server.recording.calls).toHaveLength(0);
  });

  it('refuses another person’s upload, a file never uploaded and a made-up id, each on its field', async () => {
    const maxProof = await uploadProof('max@high');
    const foreign = await submit(application([maxProof]), 'erika@high');
    expect(foreign.status).toBe(400);
    expect(foreign.body.error?.data.fieldErrors).toEqual([
      {
        path: `data.${reductionProofField}.0`,
        code: 'custom',
        message: 'Diese Datei liegt nicht (mehr) vor. Bitte laden Sie sie erneut hoch.',
      },
    ]);
    const clientOnly = await submit(
      application([{ name: 'nachweis.pdf', size: 100, mediaType: 'application/pdf' }]),
      'erika@high',
      randomUUID(),
      'en',
    );
    expect(clientOnly.body.error?.data.fieldErrors).toEqual([
      {
        path: `data.${reductionProofField}.0`,
        code: 'custom',
        message: 'This file has not been uploaded yet. Please choose it again.',
      },
    ]);
    const madeUp = await submit(application([{ ...maxProof, ref: randomUUID() }]), 'erika@high');
    expect(madeUp.body.error?.data.fieldErrors?.[0]?.path).toBe(`data.${reductionProofField}.0`);
    // An upload for one field does not count for another.
    const permit = await uploadFile(server, {
      field: 'G99777000030.0.F99777000038',
      filename: 'erlaubnis.pdf',
      type: 'application/pdf',
      body: samplePdf(),
      user: 'erika@high',
    });
    const elsewhere = await submit(
      application([
        { name: 'x.pdf', size: 1, mediaType: 'application/pdf', ref: permit.body.uploadId ?? '' },
      ]),
      'erika@high',
    );
    expect(elsewhere.body.error?.data.fieldErrors?.[0]?.path).toBe(`data.${reductionProofField}.0`);
    expect(server.recording.calls).toHaveLength(0);
  });

  it('hands a valid application to the sink: FIM data, the answers as seen, fee answers, place and the sealed upload', async () => {
    const bytes = samplePdf('Tierheim Pirna, Übergabe am 1. November');
    const proof = await uploadProof('erika@high', bytes);
    const applicationId = randomUUID();
    // What the browser says about the file is not taken: name, size and type come from the store.
    const claimed = { ...proof, name: 'anders.pdf', size: 1 };
    const { status, body } = await submit(application([claimed]), 'erika@high', applicationId);
    expect(status).toBe(200);
    expect(body.result?.data).toEqual({
      applicationId,
      reference: expect.stringMatching(/^T\d{4}-erika$/),
      delivery: 'pending',
      submittedAt: '2026-11-23T10:00:00.000Z',
    });
    expect(server.recording.calls).toHaveLength(1);
    const handoff = server.recording.calls[0] as ApplicationHandoff;
    expect(handoff).toMatchObject({
      applicationId,
      formId: 'dog-registration',
      formVersion: '1.0.0',
      locale: 'de',
      subject: 'erika',
      trustLevel: 'high',
      schemaUri: 'https://schema.fitko.de/fim/s99777000001_1.0.schema.json',
      place: { postcode: '01796', municipality: 'Pirna' },
    });
    const data = handoff.data as Record<string, Record<string, unknown>>;
    expect(data.G99777000010?.F99777000012).toBe('Erika');
    expect(data.G99777000050?.G99777000055).toEqual({
      F99777000052: 'tierheimhund',
      F99777000053: [
        {
          name: 'Bescheinigung Tierheim.pdf',
          size: bytes.byteLength,
          mediaType: 'application/pdf',
          ref: proof.ref,
          sha512: createHash('sha512').update(bytes).digest('hex'),
        },
      ],
    });
    expect(handoff.summary.map((section) => section.title)).toEqual([
      'Halterin oder Halter',
      'Hund 1',
      'Hund 2',
      'Steuerermäßigung',
      'Zahlung',
      'Erklärung',
    ]);
    expect(handoff.summary[0]?.lines).toContainEqual({ label: 'Geburtsdatum', value: '17. Mai 1980' });
    expect(handoff.summary[0]?.lines).toContainEqual({ label: 'Telefonnummer', value: 'Keine Angabe' });
    expect(handoff.summary[2]?.lines).toContainEqual({ label: 'Rasse oder Kreuzung', value: 'Beagle' });
    expect(handoff.summary[3]?.lines).toContainEqual({
      label: 'Nachweis',
      value: 'Bescheinigung Tierheim.pdf',
    });
    // A question hidden by its condition is not on the receipt (the account only with direct debit).
    expect(handoff.summary[4]?.lines.map((line) => line.label)).toEqual([
      'Soll die Hundesteuer von Ihrem Konto abgebucht werden (SEPA-Lastschrift)?',
    ]);
    expect(handoff.feeAnswers).toMatchObject({
      G99777000030: 2,
      'G99777000030.1.F99777000032': 'beagle',
      'G99777000050.F99777000051': true,
      'G99777000050.G99777000055.F99777000052': 'tierheimhund',
      'G99777000010.G99777000014.F99777000017': '01796',
    });
    expect(Object.keys(handoff.feeAnswers)).not.toContain(reductionProofField);
    expect(handoff.uploads).toHaveLength(1);
    const [attachment] = handoff.uploads;
    expect(attachment).toMatchObject({
      attachmentId: proof.ref,
      filename: 'Bescheinigung Tierheim.pdf',
      mimeType: 'application/pdf',
      size: bytes.byteLength,
      purpose: 'attachment',
    });
    const content = await attachment?.content();
    expect(Buffer.from(content ?? []).equals(Buffer.from(bytes))).toBe(true);
    expect(
      createHash('sha512')
        .update(content ?? new Uint8Array())
        .digest('hex'),
    ).toBe(attachment?.sha512);

    // At rest the upload is sealed: the column holds no plaintext.
    const row = await sql<{ content: Uint8Array; application_id: string; expires_at: Date }>`
      select content, application_id, expires_at from efa_form.upload where id = ${proof.ref}`.execute(
      server.db,
    );
    const sealed = Buffer.from(row.rows[0]?.content ?? []);
    expect(sealed.includes(Buffer.from('Tierheim Pirna'))).toBe(false);
    expect(sealed.includes(Buffer.from(bytes))).toBe(false);
    expect(row.rows[0]?.application_id).toBe(applicationId);
    expect(new Date(row.rows[0]?.expires_at ?? 0).getTime()).toBeGreaterThan(Date.now() + 20 * 24 * 3600_000);
  });

  it('gives the sink the same handoff for the same input, and binds the upload to that one application', async () => {
    const proof = await uploadProof('erika@high');
    const applicationId = randomUUID();
    const first = await submit(application([proof]), 'erika@high', applicationId);
    const again = await submit(application([proof]), 'erika@high', applicationId);
    expect(again.body.result?.data).toEqual(first.body.result?.data);
    expect(server.recording.calls).toHaveLength(2);
    expect(plain(server.recording.calls[1])).toEqual(plain(server.recording.calls[0]));
    expect(Buffer.from((await server.recording.calls[1]?.uploads[0]?.content()) ?? []).length).toBe(
      proof.size,
    );
    // Upper-case spelling of the same id is the same application.
    const upper = await submit(application([proof]), 'erika@high', applicationId.toUpperCase());
    expect(upper.body.result?.data).toEqual(first.body.result?.data);

    // Submitted: not the owner's to delete any more, and not for a second application.
    const removed = await fetch(`${server.base}/uploads/${proof.ref}`, {
      method: 'DELETE',
      headers: portalHeaders('erika@high'),
    });
    expect(removed.status).toBe(409);
    const other = await submit(application([proof]), 'erika@high');
    expect(other.status).toBe(400);
    expect(other.body.error?.data.fieldErrors?.[0]?.path).toBe(`data.${reductionProofField}.0`);
  });

  it('keeps submitPreview for hosts that only validate', async () => {
    const { status, body } = await mutate<{ submission: { schema: { id: string } } }>(
      server,
      'form.submitPreview',
      {
        formId: 'dog-registration',
        data: application([{ name: 'a.pdf', size: 10, mediaType: 'application/pdf' }]),
      },
    );
    expect(status).toBe(200);
    expect(body.result?.data.submission.schema.id).toBe('S99777000001');
    expect(server.recording.calls).toHaveLength(0);
  });
});
