import { beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDataCheck } from './decrypt.js';
import { importKeyFile } from './enrolment.js';
import type { FixtureCase } from './fixtures.test.support.js';
import type { DestinationKeys } from './key-store.js';
import { createDecryptor } from './worker-client.js';

const fixtures = inject('inboxFixtures');
// The worker as a bundler sees it (Vite detects this pattern and serves the worker's module graph).
const decryptor = createDecryptor(
  () => new Worker(new URL('./decrypt-worker.ts', import.meta.url), { type: 'module' }),
);
let keys: DestinationKeys;

beforeAll(async () => {
  keys = (await importKeyFile(fixtures.destinationId, JSON.stringify({ privateJwk: fixtures.privateJwk })))
    .keys;
});

function open(fixture: FixtureCase) {
  return decryptor.decrypt(keys.encryption.privateKey, {
    ...fixture.encrypted,
    leikaKey: fixture.summary.leikaKey,
  });
}

function tagOf(jwe: string) {
  return jwe.split('.')[4];
}

describe('decryption worker', () => {
  it('decrypts what encryptForDestination made and passes every check but the form check', async () => {
    const result = await open(fixtures.valid);
    expect(new TextDecoder().decode(result.data as Uint8Array)).toBe(fixtures.plain.data);
    expect(result.attachments).toHaveLength(1);
    const [attachment] = result.attachments;
    expect(attachment?.filename).toBe('Impfpass.pdf');
    expect(attachment?.mimeType).toBe('application/pdf');
    const bytes = attachment?.bytes as Uint8Array;
    expect(btoa(String.fromCharCode(...bytes))).toBe(fixtures.plain.attachmentBase64);
    expect(result.report.reference).toBe(fixtures.plain.reference);
    expect(result.report.findings).toEqual([]);
    expect(result.report.checks).toEqual({
      decryption: 'passed',
      metadataSchema: 'passed',
      dataHash: 'passed',
      attachmentHashes: 'passed',
      attachmentsComplete: 'passed',
      serviceType: 'passed',
      dataSchema: 'skipped',
    });
    // Without the host's form check the submission is not reported valid.
    expect(result.report.result).toBe('incomplete');
    expect(result.report.authenticationTags).toEqual({
      metadata: tagOf(fixtures.valid.encrypted.encryptedMetadata),
      data: tagOf(fixtures.valid.encrypted.encryptedData),
      attachments: {
        [fixtures.plain.attachmentId]: tagOf(fixtures.valid.encrypted.attachments[0]?.jwe ?? ''),
      },
    });

    const checked = await applyDataCheck(
      result,
      ({ data }) => ((data as { dogName?: string }).dogName ? [] : ['dogName missing']),
      '99108008252000',
    );
    expect(checked.result).toBe('valid');
    const refused = await applyDataCheck(result, () => ['/dogBreed: not in the list'], null);
    expect(refused.result).toBe('invalid');
    expect(refused.findings.map((f) => f.code)).toEqual(['dataInvalid']);
  });

  it('catches an attachment whose hash does not match the metadata, with FITKO’s problem', async () => {
    const result = await open(fixtures.tamperedHash);
    expect(result.report.result).toBe('invalid');
    expect(result.report.checks.attachmentHashes).toBe('failed');
    const finding = result.report.findings.find((f) => f.code === 'attachmentHashMismatch');
    const id = fixtures.tamperedHash.encrypted.announcedAttachmentIds[0];
    expect(finding?.problem).toEqual({
      type: 'https://schema.fitko.de/fit-connect/events/problems/hash-mismatch',
      title: 'Prüfsumme stimmt nicht',
      detail: 'Der Hashwert einer Anlage stimmt nicht.',
      instance: `attachment:${id}`,
    });
  });

  it('catches an announced attachment that is missing', async () => {
    const result = await open(fixtures.missingAttachment);
    expect(result.report.result).toBe('invalid');
    expect(result.report.checks.attachmentsComplete).toBe('failed');
    expect(result.report.findings.map((f) => f.code)).toContain('attachmentMissing');
    expect(result.attachments).toEqual([]);
  });

  it('catches metadata that FITKO’s schema refuses', async () => {
    const result = await open(fixtures.invalidMetadata);
    expect(result.report.result).toBe('invalid');
    expect(result.report.checks.metadataSchema).toBe('failed');
    const finding = result.report.findings.find((f) => f.code === 'metadataSchema');
    expect(finding?.detail).toContain('/contentStructure/data/hash');
  });

  it('catches a service other than the case’s, a swapped part and a wrong key', async () => {
    const other = await decryptor.decrypt(keys.encryption.privateKey, {
      ...fixtures.valid.encrypted,
      leikaKey: '99000000000000',
    });
    expect(other.report.findings.map((f) => f.code)).toEqual(['serviceMismatch']);
    // The data of another submission: decrypts, but its hash is not the one in the metadata.
    const swapped = await decryptor.decrypt(keys.encryption.privateKey, {
      ...fixtures.valid.encrypted,
      encryptedData: fixtures.invalidMetadata.encrypted.attachments[0]?.jwe ?? '',
      leikaKey: null,
    });
    expect(swapped.report.checks.dataHash).toBe('failed');
    expect(swapped.report.checks.serviceType).toBe('skipped');
    const stranger = (
      (await crypto.subtle.generateKey(
        { name: 'RSA-OAEP', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
        false,
        ['encrypt', 'decrypt'],
      )) as CryptoKeyPair
    ).privateKey;
    const wrong = await decryptor.decrypt(stranger, { ...fixtures.valid.encrypted, leikaKey: null });
    expect(wrong.report.result).toBe('invalid');
    expect(wrong.report.checks.decryption).toBe('failed');
    expect(wrong.metadata).toBeNull();
  });
});
