import { randomUUID } from 'node:crypto';
import type { SubmitAnswer } from '@efa-kit/core/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftContentView, DraftSaveAnswer, DraftView, ResumeCodeAnswer } from '../../schema/drafts.js';
import {
  type FormTestServer,
  portalHeaders,
  reductionProofField,
  samplePdf,
  startFormTestServer,
  type TrpcBody,
  uploadFile,
} from '../form-server.test.support.js';

let server: FormTestServer;

beforeAll(async () => {
  server = await startFormTestServer({
    trustLevels: { 'dog-registration': 'substantial' },
    identity: () => null,
  });
});
afterAll(() => server.close());

interface Call {
  user?: string;
  client?: string;
  locale?: string;
}

async function call<T>(path: string, input: unknown, { user, client, locale = 'de' }: Call = {}) {
  const response = await fetch(`${server.base}/trpc/${path}`, {
    method: 'POST',
    headers: portalHeaders(user, {
      'content-type': 'application/json',
      'accept-language': locale,
      'x-test-client': client ?? randomUUID(),
    }),
    body: JSON.stringify(input),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as TrpcBody<T> };
}

const secret = 'Bello vom Elbufer';

function dogData(name = secret) {
  return { G99777000030: [{ F99777000031: name, F99777000032: 'mischling' }] };
}

async function newDraft(user?: string, data: Record<string, unknown> = dogData()) {
  const { status, body } = await call<DraftSaveAnswer>(
    'drafts.save',
    { formId: 'dog-registration', baseVersion: 0, stepId: 'hunde', data },
    { ...(user ? { user } : {}) },
  );
  expect(status).toBe(200);
  const answer = body.result?.data;
  if (!answer) throw new Error('no draft');
  return answer;
}

describe('drafts.save and drafts.load', () => {
  it('keeps a draft without login for the holder of its key, sealed in the database', async () => {
    const draft = await newDraft();
    expect(draft.version).toBe(1);
    expect(draft.personal).toBe(false);
    expect(draft.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(draft.expiresAt) - Date.parse(draft.savedAt)) / 86_400_000;
    expect(days).toBe(30);
    const loaded = await call<DraftContentView>('drafts.load', { draftId: draft.draftId, key: draft.key });
    expect(loaded.status).toBe(200);
    expect(loaded.headers.get('cache-control')).toBeNull();
    expect(loaded.body.result?.data).toMatchObject({ stepId: 'hunde', data: dogData(), version: 1 });
    // What a dump shows of the row: no answer, in any column.
    const row = await sql<
      Record<string, unknown>
    >`select * from efa_form.draft where id = ${draft.draftId}`.execute(server.db);
    const dumped = JSON.stringify(row.rows, (_key, value: unknown) =>
      value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
    );
    expect(dumped).not.toContain('Bello');
    expect(dumped).not.toContain('mischling');
  });

  it('saves versions and refuses a save based on an older one with DRAFT_CONFLICT, keeping the newer', async () => {
    const draft = await newDraft();
    const ref = { draftId: draft.draftId, key: draft.key };
    const second = await call<DraftView>('drafts.save', {
      ...ref,
      formId: 'dog-registration',
      baseVersion: 1,
      stepId: 'ermaessigung',
      data: dogData('Luna'),
    });
    expect(second.body.result?.data.version).toBe(2);
    const stale = await call('drafts.save', {
      ...ref,
      formId: 'dog-registration',
      baseVersion: 1,
      stepId: 'hunde',
      data: dogData('Rex'),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.data.efaCode).toBe('DRAFT_CONFLICT');
    expect(stale.body.error?.message).toMatch(
      /^Der Entwurf wurde inzwischen an anderer Stelle geändert \(Fassung 2, gespeichert /,
    );
    const english = await call(
      'drafts.save',
      { ...ref, formId: 'dog-registration', baseVersion: 1, stepId: 'hunde', data: {} },
      { locale: 'en' },
    );
    expect(english.body.error?.message).toContain('changed elsewhere (version 2');
    const loaded = await call<DraftContentView>('drafts.load', ref);
    expect(loaded.body.result?.data).toMatchObject({
      version: 2,
      stepId: 'ermaessigung',
      data: dogData('Luna'),
    });
  });

  it('refuses a draft larger than its definition allows, and a step it does not have', async () => {
    const big = { G99777000030: [{ F99777000031: 'x'.repeat(2_000_000) }] };
    const tooLarge = await call('drafts.save', {
      formId: 'dog-registration',
      baseVersion: 0,
      stepId: 'hunde',
      data: big,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error?.data.efaCode).toBe('DRAFT_TOO_LARGE');
    const step = await call('drafts.save', {
      formId: 'dog-registration',
      baseVersion: 0,
      stepId: 'nirgends',
      data: {},
    });
    expect(step.body.error?.data.efaCode).toBe('FORM_STEP_UNKNOWN');
  });
});

describe('only the owner reaches a draft, through every procedure', () => {
  const procedures = ['drafts.load', 'drafts.delete', 'drafts.createResumeCode'] as const;

  it('a draft without login: not for another key, no key or a logged-in stranger', async () => {
    const draft = await newDraft();
    const wrongKey = 'A'.repeat(43);
    for (const attempt of [
      { key: wrongKey },
      {},
      { user: 'mallory@high' },
      { user: 'mallory@high', key: wrongKey },
    ]) {
      const { user, ...rest } = attempt as { user?: string; key?: string };
      for (const path of procedures) {
        const { status, body } = await call(path, { draftId: draft.draftId, ...rest }, user ? { user } : {});
        expect([path, status, body.error?.data.efaCode]).toEqual([path, 404, 'DRAFT_NOT_FOUND']);
      }
      const save = await call(
        'drafts.save',
        {
          draftId: draft.draftId,
          ...rest,
          formId: 'dog-registration',
          baseVersion: 1,
          stepId: 'hunde',
          data: {},
        },
        user ? { user } : {},
      );
      expect(save.body.error?.data.efaCode).toBe('DRAFT_NOT_FOUND');
    }
    const upload = await uploadFile(server, {
      field: reductionProofField,
      filename: 'a.pdf',
      type: 'application/pdf',
      body: samplePdf(),
      headers: { 'x-efa-draft': `${draft.draftId}.${wrongKey}` },
    });
    expect([upload.status, upload.body.error?.data.efaCode]).toEqual([404, 'DRAFT_NOT_FOUND']);
    // Still whole for its owner.
    const loaded = await call<DraftContentView>('drafts.load', { draftId: draft.draftId, key: draft.key });
    expect(loaded.body.result?.data.data).toEqual(dogData());
  });

  it('a logged-in person’s draft: not for another person, not anonymously, not with a key', async () => {
    const draft = await newDraft('erika@substantial');
    expect(draft.personal).toBe(true);
    expect(draft.key).toBeUndefined();
    for (const user of ['mallory@high', undefined]) {
      for (const path of procedures) {
        const { body } = await call(
          path,
          { draftId: draft.draftId, key: 'B'.repeat(43) },
          user ? { user } : {},
        );
        expect([path, body.error?.data.efaCode]).toEqual([path, 'DRAFT_NOT_FOUND']);
      }
      const save = await call(
        'drafts.save',
        { draftId: draft.draftId, formId: 'dog-registration', baseVersion: 1, stepId: 'hunde', data: {} },
        user ? { user } : {},
      );
      expect(save.body.error?.data.efaCode).toBe('DRAFT_NOT_FOUND');
    }
    const mine = await call<DraftContentView>(
      'drafts.load',
      { draftId: draft.draftId },
      { user: 'erika@low' },
    );
    expect(mine.body.result?.data.data).toEqual(dogData());
  });

  it('lists only the logged-in person’s drafts, and nothing anonymously', async () => {
    const erikas = await newDraft('erika-list@substantial');
    await newDraft('mallory-list@substantial');
    await newDraft();
    const response = await fetch(`${server.base}/trpc/drafts.list`, {
      headers: portalHeaders('erika-list@low'),
    });
    const body = (await response.json()) as TrpcBody<DraftView[]>;
    expect(body.result?.data.map((draft) => draft.draftId)).toEqual([erikas.draftId]);
    expect(response.headers.get('cache-control')).toBeNull();
    const anonymous = await fetch(`${server.base}/trpc/drafts.list`, { headers: portalHeaders() });
    expect(anonymous.status).toBe(401);
  });

  it('deletes a draft for its owner, with its codes', async () => {
    const draft = await newDraft();
    const ref = { draftId: draft.draftId, key: draft.key };
    const code = await call<ResumeCodeAnswer>('drafts.createResumeCode', ref);
    expect((await call('drafts.delete', ref)).body.result?.data).toEqual({ deleted: true });
    expect((await call('drafts.load', ref)).body.error?.data.efaCode).toBe('DRAFT_NOT_FOUND');
    const resumed = await call('drafts.resume', { code: code.body.result?.data.code });
    expect(resumed.body.error?.data.efaCode).toBe('DRAFT_RESUME_CODE_INVALID');
  });
});

describe('resume codes', () => {
  it('open the draft once on another device, with a new key; the old key no longer opens it', async () => {
    const draft = await newDraft();
    const made = await call<ResumeCodeAnswer>('drafts.createResumeCode', {
      draftId: draft.draftId,
      key: draft.key,
    });
    const answer = made.body.result?.data;
    expect(answer?.code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z*~$=U]$/);
    expect(answer?.expiresAt).toBe(draft.expiresAt);
    expect(answer?.url).toBe(`http://portal.test/antrag/fortsetzen/${answer?.code}`);
    expect(Buffer.from(answer?.qrSvgDataUrl?.split(',')[1] ?? '', 'base64').toString('utf8')).toMatch(
      /^<svg/,
    );
    // Typed from paper: lower case, spaces instead of hyphens.
    const typed = answer?.code.toLowerCase().replaceAll('-', ' ');
    const resumed = await call<DraftContentView & { key?: string }>('drafts.resume', { code: typed });
    expect(resumed.status).toBe(200);
    expect(resumed.body.result?.data).toMatchObject({
      draftId: draft.draftId,
      stepId: 'hunde',
      data: dogData(),
    });
    const newKey = resumed.body.result?.data.key;
    expect(newKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newKey).not.toBe(draft.key);
    expect((await call('drafts.load', { draftId: draft.draftId, key: draft.key })).status).toBe(404);
    expect((await call('drafts.load', { draftId: draft.draftId, key: newKey })).status).toBe(200);
    const again = await call('drafts.resume', { code: answer?.code });
    expect([again.status, again.body.error?.data.efaCode]).toEqual([404, 'DRAFT_RESUME_CODE_INVALID']);
  });

  it('do not void other drafts or other codes', async () => {
    const first = await newDraft();
    const second = await newDraft();
    const codeOf = async (draft: DraftSaveAnswer) =>
      (await call<ResumeCodeAnswer>('drafts.createResumeCode', { draftId: draft.draftId, key: draft.key }))
        .body.result?.data.code;
    const a = await codeOf(first);
    const b = await codeOf(second);
    const c = await codeOf(second);
    expect((await call('drafts.resume', { code: b })).status).toBe(200);
    expect((await call('drafts.resume', { code: a })).status).toBe(200);
    // A second code of the same draft stays valid (it opens it with the draft's newest key).
    expect((await call('drafts.resume', { code: c })).status).toBe(200);
  });

  it('of a draft started logged in ask for the same login and stay valid until then', async () => {
    const draft = await newDraft('erika@substantial');
    const made = await call<ResumeCodeAnswer>(
      'drafts.createResumeCode',
      { draftId: draft.draftId },
      { user: 'erika@substantial' },
    );
    const code = made.body.result?.data.code;
    const anonymous = await call('drafts.resume', { code });
    expect([anonymous.status, anonymous.body.error?.data.efaCode]).toEqual([401, 'DRAFT_RESUME_LOGIN']);
    const stranger = await call('drafts.resume', { code }, { user: 'mallory@high' });
    expect(stranger.body.error?.data.efaCode).toBe('DRAFT_RESUME_LOGIN');
    const erika = await call<DraftContentView & { key?: string }>(
      'drafts.resume',
      { code },
      { user: 'erika@high' },
    );
    expect(erika.body.result?.data).toMatchObject({ draftId: draft.draftId, personal: true });
    expect(erika.body.result?.data.key).toBeUndefined();
  });

  it('guessed: ten attempts per client, then 429 with Retry-After; another client is not held up', async () => {
    const client = randomUUID();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const { status } = await call('drafts.resume', { code: `0000-0000-0000-000${attempt}-0` }, { client });
      expect(status).toBe(404);
    }
    const limited = await call('drafts.resume', { code: '0000-0000-0000-0000-0' }, { client });
    expect(limited.status).toBe(429);
    expect(limited.body.error?.data.efaCode).toBe('DRAFT_RESUME_RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error?.message).toMatch(
      /^Zu viele Versuche mit Codes\. Bitte warten Sie \d+ Sekunden/,
    );
    const draft = await newDraft();
    const code = (
      await call<ResumeCodeAnswer>('drafts.createResumeCode', { draftId: draft.draftId, key: draft.key })
    ).body.result?.data.code;
    // Even the right code waits for the limit: the limit counts attempts, not failures.
    expect((await call('drafts.resume', { code }, { client })).status).toBe(429);
    expect((await call('drafts.resume', { code })).status).toBe(200);
  });
});

describe('uploads with a draft', () => {
  it('without login go with the draft, survive the resume and are submitted by whoever logs in; the draft is then gone', async () => {
    const draft = await newDraft();
    const uploaded = await uploadFile(server, {
      field: reductionProofField,
      filename: 'Bescheinigung Tierheim.pdf',
      type: 'application/pdf',
      body: samplePdf(),
      headers: { 'x-efa-draft': `${draft.draftId}.${draft.key}` },
    });
    expect(uploaded.status).toBe(201);
    const noDraft = await uploadFile(server, {
      field: reductionProofField,
      filename: 'b.pdf',
      type: 'application/pdf',
      body: samplePdf(),
    });
    expect(noDraft.body.error?.data.efaCode).toBe('FORM_UPLOAD_SIGN_IN');
    const row = await sql<{
      draft_id: string;
      expires_at: Date;
    }>`select draft_id, expires_at from efa_form.upload where id = ${uploaded.body.uploadId}`.execute(
      server.db,
    );
    expect(row.rows[0]?.draft_id).toBe(draft.draftId);
    expect(new Date(row.rows[0]?.expires_at ?? 0).toISOString()).toBe(draft.expiresAt);

    const proof = {
      name: uploaded.body.filename,
      size: uploaded.body.size,
      mediaType: uploaded.body.mimeType,
      ref: uploaded.body.uploadId,
      sha512: uploaded.body.sha512,
    };
    const data = application(proof);
    const saved = await call<DraftView>('drafts.save', {
      draftId: draft.draftId,
      key: draft.key,
      formId: 'dog-registration',
      baseVersion: 1,
      stepId: '#check',
      data,
    });
    expect(saved.status).toBe(200);
    const code = (
      await call<ResumeCodeAnswer>('drafts.createResumeCode', { draftId: draft.draftId, key: draft.key })
    ).body.result?.data.code;
    const resumed = await call<DraftContentView & { key?: string }>(
      'drafts.resume',
      { code },
      { user: 'erika@substantial' },
    );
    const key = resumed.body.result?.data.key;
    expect(resumed.body.result?.data.stepId).toBe('#check');

    const submitted = await call<SubmitAnswer>(
      'form.submit',
      {
        formId: 'dog-registration',
        version: '1.0.0',
        applicationId: randomUUID(),
        data: resumed.body.result?.data.data,
        draft: { draftId: draft.draftId, key },
      },
      { user: 'erika@substantial' },
    );
    expect(submitted.status).toBe(200);
    const handed = server.recording.calls.at(-1);
    expect(handed?.uploads.map((upload) => upload.filename)).toEqual(['Bescheinigung Tierheim.pdf']);
    expect((await call('drafts.load', { draftId: draft.draftId, key })).status).toBe(404);
    // The file belongs to the application now: it outlives the draft.
    const kept = await sql<{
      application_id: string | null;
    }>`select application_id from efa_form.upload where id = ${uploaded.body.uploadId}`.execute(server.db);
    expect(kept.rows[0]?.application_id).not.toBeNull();
  });
});

/** A dog registration with a reduction and its proof (as the submit tests send it). */
function application(proof: Record<string, unknown>) {
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
    ],
    G99777000050: {
      F99777000051: true,
      G99777000055: { F99777000052: 'tierheimhund', F99777000053: [proof] },
    },
    G99777000060: { F99777000061: false },
    G99777000070: { F99777000072: true },
  };
}
