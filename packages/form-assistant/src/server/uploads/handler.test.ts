import { createHash } from 'node:crypto';
import { createRateLimiter } from '@efa-kit/core/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FormTestServer,
  portalHeaders,
  reductionProofField,
  samplePdf,
  startFormTestServer,
  uploadFile,
} from '../form-server.test.support.js';
import { decodeFilenameHeader, encodeFilenameHeader, sanitizeFilename } from './filename.js';

let server: FormTestServer;

beforeAll(async () => {
  server = await startFormTestServer();
});
afterAll(() => server.close());

async function count(): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from efa_form.upload`.execute(server.db);
  return Number(result.rows[0]?.n ?? 0);
}

const png = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]);

describe('upload handler over HTTP', () => {
  it('stores a PDF for the signed-in person and answers its id, name, size, type and SHA-512, never cached', async () => {
    const bytes = samplePdf();
    const { status, headers, body } = await uploadFile(server, {
      field: reductionProofField,
      filename: 'C:\\fakepath\\Bescheinigung Tierheim „Müller“.pdf',
      type: 'application/pdf',
      body: bytes,
      user: 'erika@substantial',
    });
    expect(status).toBe(201);
    expect(headers.get('cache-control')).toBe('private, no-store');
    expect(body).toEqual({
      uploadId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      filename: 'Bescheinigung Tierheim „Müller“.pdf',
      size: bytes.byteLength,
      mimeType: 'application/pdf',
      sha512: createHash('sha512').update(bytes).digest('hex'),
    });
    expect(Buffer.from(await server.store.open(body.uploadId ?? '')).equals(Buffer.from(bytes))).toBe(true);
  });

  it('accepts a file in a repeated item under its field (item numbers ignored)', async () => {
    const { status, body } = await uploadFile(server, {
      field: 'G99777000030.1.F99777000038',
      filename: 'erlaubnis.png',
      type: 'image/png',
      body: png,
      user: 'erika@substantial',
    });
    expect(status).toBe(201);
    expect(body.mimeType).toBe('image/png');
  });

  it('refuses without a signed-in session (401), without the CSRF token or from another origin (403), and stores nothing', async () => {
    const before = await count();
    const anonymous = await uploadFile(server, {
      field: reductionProofField,
      filename: 'a.pdf',
      type: 'application/pdf',
      body: samplePdf(),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error?.data.efaCode).toBe('FORM_UPLOAD_SIGN_IN');
    expect(anonymous.body.error?.message).toBe('Bitte melden Sie sich an, um Dateien hochzuladen.');
    const foreign = await uploadFile(server, {
      field: reductionProofField,
      filename: 'a.pdf',
      type: 'application/pdf',
      body: samplePdf(),
      user: 'erika@high',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const response = await fetch(
      `${server.base}/uploads?formId=dog-registration&field=${reductionProofField}`,
      {
        method: 'POST',
        headers: {
          origin: 'http://portal.test',
          'x-test-user': 'erika@high',
          'content-type': 'application/pdf',
          'x-filename': 'a.pdf',
        },
        body: Buffer.from(samplePdf()),
      },
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { data: { efaCode: string } } }).error.data.efaCode).toBe(
      'FORM_UPLOAD_ORIGIN',
    );
    expect(await count()).toBe(before);
  });

  it('refuses a file above the field limit with 413, from Content-Length and while streaming, and stores nothing', async () => {
    const before = await count();
    // The proof field allows 5 MB.
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(samplePdf());
    const declared = await uploadFile(server, {
      field: reductionProofField,
      filename: 'gross.pdf',
      type: 'application/pdf',
      body: big,
      user: 'erika@substantial',
      headers: { 'accept-language': 'en' },
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toEqual({
      message: 'The file “gross.pdf” is too large. At most 5 MB are allowed.',
      data: { efaCode: 'FORM_UPLOAD_TOO_LARGE', httpStatus: 413 },
    });
    // No Content-Length: chunked, counted while it arrives.
    const chunks = [samplePdf(), new Uint8Array(3 * 1024 * 1024), new Uint8Array(3 * 1024 * 1024)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const response = await fetch(
      `${server.base}/uploads?formId=dog-registration&field=${reductionProofField}`,
      {
        method: 'POST',
        headers: portalHeaders('erika@substantial', {
          'content-type': 'application/pdf',
          'x-filename': 'strom.pdf',
        }),
        body: stream,
        duplex: 'half',
      } as RequestInit & { duplex: 'half' },
    );
    expect(response.status).toBe(413);
    expect(await count()).toBe(before);
  });

  it('refuses a renamed program, content that is not what it claims and types the field does not take with 415', async () => {
    const before = await count();
    const renamed = await uploadFile(server, {
      field: reductionProofField,
      filename: 'nachweis.pdf',
      type: 'application/pdf',
      body: exe,
      user: 'erika@substantial',
    });
    expect(renamed.status).toBe(415);
    expect(renamed.body.error?.data.efaCode).toBe('FORM_UPLOAD_CONTENT_MISMATCH');
    expect(renamed.body.error?.message).toContain('„nachweis.pdf“ passt nicht zu ihrem Dateityp');
    const disguised = await uploadFile(server, {
      field: reductionProofField,
      filename: 'foto.pdf',
      type: 'application/pdf',
      body: png,
      user: 'erika@substantial',
    });
    expect(disguised.status).toBe(415);
    const text = await uploadFile(server, {
      field: reductionProofField,
      filename: 'notiz.txt',
      type: 'text/plain',
      body: 'Hallo',
      user: 'erika@substantial',
      headers: { 'accept-language': 'en' },
    });
    expect(text.status).toBe(415);
    expect(text.body.error).toEqual({
      message: 'The file “notiz.txt” is not in an accepted format. Accepted: PDF, JPEG, PNG.',
      data: { efaCode: 'FORM_UPLOAD_TYPE', httpStatus: 415 },
    });
    const octet = await uploadFile(server, {
      field: reductionProofField,
      filename: 'programm',
      type: 'application/octet-stream',
      body: exe,
      user: 'erika@substantial',
    });
    expect(octet.status).toBe(415);
    expect(await count()).toBe(before);
  });

  it('refuses unknown forms and fields that take no files (404), a missing name (400) and an empty file (400)', async () => {
    const user = 'erika@substantial';
    const base = { filename: 'a.pdf', type: 'application/pdf', body: samplePdf(), user };
    expect((await uploadFile(server, { ...base, formId: 'nope', field: reductionProofField })).status).toBe(
      404,
    );
    const notFile = await uploadFile(server, { ...base, field: 'G99777000010.F99777000011' });
    expect(notFile.status).toBe(404);
    expect(notFile.body.error?.data.efaCode).toBe('FORM_UPLOAD_FIELD_UNKNOWN');
    const unnamed = await uploadFile(server, {
      ...base,
      field: reductionProofField,
      headers: { 'x-filename': '' },
    });
    expect(unnamed.status).toBe(400);
    const empty = await uploadFile(server, { ...base, field: reductionProofField, body: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    expect(empty.body.error?.data.efaCode).toBe('FORM_UPLOAD_EMPTY');
  });

  it('lets only the owner delete an upload not yet submitted', async () => {
    const { body } = await uploadFile(server, {
      field: reductionProofField,
      filename: 'weg.pdf',
      type: 'application/pdf',
      body: samplePdf(),
      user: 'erika@substantial',
    });
    const remove = (user?: string) =>
      fetch(`${server.base}/uploads/${body.uploadId}`, { method: 'DELETE', headers: portalHeaders(user) });
    expect((await remove()).status).toBe(401);
    expect((await remove('max@high')).status).toBe(404);
    const removed = await remove('erika@low');
    expect(removed.status).toBe(204);
    expect((await remove('erika@low')).status).toBe(404);
    expect(
      (
        await fetch(`${server.base}/uploads/not-an-id`, {
          method: 'DELETE',
          headers: portalHeaders('erika@low'),
        })
      ).status,
    ).toBe(404);
  });
});

describe('upload limits per person', () => {
  it('rate-limits uploads per person (429 with Retry-After) and bounds the bytes held open (413)', async () => {
    // More handlers on the same database; people of their own, so no other test's counts interfere.
    const limited = await startFormTestServer({ db: server.db, maxOpenBytesPerOwner: 400 });
    const rate = await startFormTestServer({
      db: server.db,
      rateLimiter: createRateLimiter(server.db, { points: 2, durationSeconds: 60 }),
    });
    try {
      const call = {
        field: reductionProofField,
        filename: 'a.pdf',
        type: 'application/pdf',
        body: samplePdf(),
      };
      expect((await uploadFile(limited, { ...call, user: 'quentin@high' })).status).toBe(201);
      const quota = await uploadFile(limited, {
        ...call,
        user: 'quentin@high',
        body: new Uint8Array(300).fill(0x25),
      });
      // 300 more bytes would pass 400; the type is not even looked at.
      expect(quota.status).toBe(413);
      expect(quota.body.error?.data.efaCode).toBe('FORM_UPLOAD_QUOTA');
      // Someone else has their own allowance.
      expect((await uploadFile(limited, { ...call, user: 'quirin@high' })).status).toBe(201);

      expect((await uploadFile(rate, { ...call, user: 'rita@high' })).status).toBe(201);
      expect((await uploadFile(rate, { ...call, user: 'rita@high' })).status).toBe(201);
      const third = await uploadFile(rate, { ...call, user: 'rita@high' });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(third.body.error?.data.efaCode).toBe('FORM_UPLOAD_RATE_LIMITED');
      expect((await uploadFile(rate, { ...call, user: 'ralf@high' })).status).toBe(201);
    } finally {
      await limited.close();
      await rate.close();
    }
  }, 60_000);
});

describe('file names', () => {
  it('decodes RFC 5987 values and plain ASCII, refuses malformed ones', () => {
    expect(decodeFilenameHeader(encodeFilenameHeader("Bescheid (Müller) 'neu'*.pdf"))).toBe(
      "Bescheid (Müller) 'neu'*.pdf",
    );
    expect(encodeFilenameHeader('ä b.pdf')).toBe("UTF-8''%C3%A4%20b.pdf");
    expect(decodeFilenameHeader("iso-8859-1''%E4.pdf")).toBe('ä.pdf');
    expect(decodeFilenameHeader('plain name.pdf')).toBe('plain name.pdf');
    expect(decodeFilenameHeader("UTF-8''%E2%82")).toBeUndefined();
    expect(decodeFilenameHeader("UTF-8''ä.pdf")).toBeUndefined();
    expect(decodeFilenameHeader("koi8-r''abc")).toBeUndefined();
    expect(decodeFilenameHeader(undefined)).toBeUndefined();
  });

  it('keeps one safe, bounded path segment', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('rechnung\u202Efdp.exe')).toBe('rechnungfdp.exe');
    expect(sanitizeFilename('a<b>:c?.pdf')).toBe('a_b__c_.pdf');
    expect(sanitizeFilename('  ...  ')).toBe('datei');
    expect(sanitizeFilename('CON.pdf')).toBe('_CON.pdf');
    const long = sanitizeFilename(`${'ä'.repeat(300)}.pdf`);
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});
