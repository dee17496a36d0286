import { readFileSync } from 'node:fs';
import { isEfaError } from '@efa-kit/core';
import type { PaidFee } from '@efa-kit/core/server';
import { describe, expect, it } from 'vitest';
import { metadataSchemaFile, metadataSchemaUri } from '../schema/metadata.js';
import { sha512Hex } from './hash.js';
import { buildMetadata, type MetadataInput, validateMetadata } from './metadata.js';

const data = new TextEncoder().encode(JSON.stringify({ G17003529: { F17005454: 'Bello' } }));
const pdf = new TextEncoder().encode('%PDF-1.7 the application');
const upload = new TextEncoder().encode('a photo');

const payment: PaidFee = {
  paymentId: 'pay-1',
  transactionReference: 'KZ-2026-000123',
  transactionId: 'tx-9xxd-432x',
  paymentMethod: 'CREDITCARD',
  grossCents: 3450,
  paidAt: '2026-12-03T10:15:00.000Z',
};

function input(overrides: Partial<MetadataInput> = {}): MetadataInput {
  return {
    data: {
      bytes: data,
      schemaUri: 'https://schema.fitko.de/fim/s00000092_1.0.schema.json',
      mimeType: 'application/json',
    },
    attachments: [
      {
        attachmentId: '879ee109-a690-4db8-ab32-424284184d7d',
        bytes: pdf,
        mimeType: 'application/pdf',
        filename: 'antrag.pdf',
        purpose: 'form',
      },
      {
        attachmentId: '2046f9f1-dc89-4440-9c24-c76a8f40d668',
        sha512: sha512Hex(upload),
        mimeType: 'image/jpeg',
        filename: 'hund.jpg',
        purpose: 'attachment',
        description: 'Foto des Hundes',
      },
    ],
    publicService: { leikaKey: '99108004000000', name: 'Hund anmelden' },
    senderReference: 'EFA-7K3M-9QXD-R',
    applicationDate: '2026-12-03',
    ...overrides,
  };
}

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (!isEfaError(error)) throw error;
    return error;
  }
  throw new Error('accepted');
}

describe('buildMetadata', () => {
  it('builds metadata that FITKO’s schema accepts, with $schema, hashes and the LeiKa URN', () => {
    const metadata = buildMetadata(
      input({ payment, authentication: { version: '1.0.0', content: 'eyJhbGciOi.abc_-' } }),
    );
    expect(metadata.$schema).toBe(metadataSchemaUri);
    expect(metadata.contentStructure.data).toEqual({
      hash: { type: 'sha512', content: sha512Hex(data) },
      submissionSchema: {
        schemaUri: 'https://schema.fitko.de/fim/s00000092_1.0.schema.json',
        mimeType: 'application/json',
      },
    });
    expect(metadata.contentStructure.attachments).toEqual([
      {
        attachmentId: '879ee109-a690-4db8-ab32-424284184d7d',
        hash: { type: 'sha512', content: sha512Hex(pdf) },
        purpose: 'form',
        mimeType: 'application/pdf',
        filename: 'antrag.pdf',
      },
      {
        attachmentId: '2046f9f1-dc89-4440-9c24-c76a8f40d668',
        hash: { type: 'sha512', content: sha512Hex(upload) },
        purpose: 'attachment',
        mimeType: 'image/jpeg',
        filename: 'hund.jpg',
        description: 'Foto des Hundes',
      },
    ]);
    expect(metadata.publicServiceType).toEqual({
      identifier: 'urn:de:fim:leika:leistung:99108004000000',
      name: 'Hund anmelden',
    });
    expect(metadata.paymentInformation).toEqual({
      transactionReference: 'KZ-2026-000123',
      transactionId: 'tx-9xxd-432x',
      paymentMethod: 'CREDITCARD',
      status: 'BOOKED',
      grossAmount: 34.5,
      transactionTimestamp: '2026-12-03T10:15:00.000Z',
    });
    expect(metadata.authenticationInformation).toEqual([
      { type: 'identificationReport', version: '1.0.0', content: 'eyJhbGciOi.abc_-' },
    ]);
    expect(metadata.additionalReferenceInfo).toEqual({
      senderReference: 'EFA-7K3M-9QXD-R',
      applicationDate: '2026-12-03',
    });
    expect(() => validateMetadata(JSON.parse(JSON.stringify(metadata)))).not.toThrow();
  });

  it('leaves out payment, identity proof and reply channel when there are none', () => {
    const metadata = buildMetadata(input());
    expect(metadata).not.toHaveProperty('paymentInformation');
    expect(metadata).not.toHaveProperty('authenticationInformation');
    expect(metadata).not.toHaveProperty('replyChannel');
  });

  it('takes every reply channel schema 1.0.0 knows', () => {
    for (const replyChannel of [
      { eMail: { address: 'anna@example.org' } },
      { deMail: { address: 'anna@example.de-mail.de' } },
      { fink: { finkPostfachRef: 'sn/by/12345', host: 'https://servicekonto.example/' } },
      { elster: { accountId: '1234567890', geschaeftszeichen: 'AZ-1' } },
    ] as const)
      expect(buildMetadata(input({ replyChannel })).replyChannel).toEqual(replyChannel);
  });

  it('writes amounts with cents exactly, where floating point would miss multipleOf 0.01', () => {
    for (const grossCents of [1, 1234, 1999, 10_000_00, 999_999_99]) {
      const metadata = buildMetadata(input({ payment: { ...payment, grossCents } }));
      expect(metadata.paymentInformation?.grossAmount).toBe(grossCents / 100);
    }
  });

  it('refuses input that cannot become valid metadata, naming the field', () => {
    const cases: Array<[Partial<MetadataInput>, RegExp]> = [
      [{ publicService: { leikaKey: '9910800400', name: 'Hund' } }, /publicService\.leikaKey/],
      [{ applicationDate: '03.12.2026' }, /applicationDate/],
      [{ senderReference: '' }, /senderReference/],
      [{ payment: { ...payment, grossCents: 0 } }, /payment\.grossCents/],
      [{ payment: { ...payment, transactionId: 'has spaces' } }, /payment\.transactionId/],
      [{ replyChannel: { elster: { accountId: '123' } } }, /replyChannel/],
      [
        {
          attachments: [
            {
              attachmentId: 'not-a-uuid',
              bytes: pdf,
              mimeType: 'application/pdf',
              filename: 'a.pdf',
              purpose: 'form',
            },
          ],
        },
        /attachments\.0/,
      ],
      [
        {
          attachments: [
            {
              attachmentId: '879ee109-a690-4db8-ab32-424284184d7d',
              sha512: 'ABC',
              mimeType: 'application/pdf',
              filename: 'a.pdf',
              purpose: 'form',
            },
          ],
        },
        /attachments\.0/,
      ],
    ];
    for (const [overrides, detail] of cases) {
      const error = refusal(() => buildMetadata(input(overrides)));
      expect(error.code).toBe('SUBMISSION_METADATA_INPUT');
      expect(error.messages.en).toMatch(detail);
    }
  });

  it('refuses an attachment id announced twice', () => {
    const [first] = input().attachments;
    if (!first) throw new Error('fixture');
    expect(refusal(() => buildMetadata(input({ attachments: [first, first] }))).code).toBe(
      'SUBMISSION_METADATA_INPUT',
    );
  });
});

describe('validateMetadata against the vendored FITKO schema', () => {
  const valid = () =>
    JSON.parse(JSON.stringify(buildMetadata(input({ payment })))) as Record<string, unknown>;

  it('uses FITKO’s file unchanged (its $id and draft 2020-12)', () => {
    const schema = JSON.parse(
      readFileSync(new URL(`../schema/${metadataSchemaFile}`, import.meta.url), 'utf8'),
    );
    expect(schema.$id).toBe(metadataSchemaUri);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  const broken: Array<[string, (m: Record<string, unknown>) => void, string]> = [
    ['no contentStructure', (m) => delete m.contentStructure, '/'],
    [
      'a hash in upper case',
      (m) => {
        const structure = m.contentStructure as { data: { hash: { content: string } } };
        structure.data.hash.content = structure.data.hash.content.toUpperCase();
      },
      '/contentStructure/data/hash/content',
    ],
    [
      'an attachment without purpose',
      (m) => {
        const structure = m.contentStructure as { attachments: Array<Record<string, unknown>> };
        delete structure.attachments[0]?.purpose;
      },
      '/contentStructure/attachments/0',
    ],
    [
      'an attachment id that is no UUID',
      (m) => {
        const structure = m.contentStructure as { attachments: Array<Record<string, unknown>> };
        if (structure.attachments[0]) structure.attachments[0].attachmentId = 'x'.repeat(36);
      },
      '/contentStructure/attachments/0/attachmentId',
    ],
    [
      'a service identifier that is no URN',
      (m) => {
        (m.publicServiceType as Record<string, unknown>).identifier = 'Hund anmelden';
      },
      '/publicServiceType/identifier',
    ],
    [
      'two reply channels',
      (m) => {
        m.replyChannel = { eMail: { address: 'a@example.org' }, deMail: { address: 'b@example.org' } };
      },
      '/replyChannel',
    ],
    [
      'an amount of fractions of a cent',
      (m) => {
        (m.paymentInformation as Record<string, unknown>).grossAmount = 12.345;
      },
      '/paymentInformation/grossAmount',
    ],
    [
      'an unknown payment status',
      (m) => {
        (m.paymentInformation as Record<string, unknown>).status = 'PAYED';
      },
      '/paymentInformation/status',
    ],
    [
      'an application date with a time',
      (m) => {
        (m.additionalReferenceInfo as Record<string, unknown>).applicationDate = '2026-12-03T10:00:00Z';
      },
      '/additionalReferenceInfo/applicationDate',
    ],
  ];

  it.each(broken)('refuses metadata with %s and lists the ajv errors', (_, breakIt, path) => {
    const metadata = valid();
    breakIt(metadata);
    const error = refusal(() => validateMetadata(metadata));
    expect(error.code).toBe('SUBMISSION_METADATA_INVALID');
    const errors = error.details.errors as Array<{ path: string; message: string; keyword: string }>;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => e.path)).toContain(path);
    expect(error.messages.de).toContain('Metadatenschema');
  });

  it('accepts the example FITKO’s field list describes, and nothing but an object', () => {
    expect(() => validateMetadata({ contentStructure: { attachments: [] } })).not.toThrow();
    expect(refusal(() => validateMetadata('metadata')).code).toBe('SUBMISSION_METADATA_INVALID');
  });
});
