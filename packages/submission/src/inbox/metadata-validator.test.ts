import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateMetadata } from '../fit-connect/metadata.js';
import { metadataSchemaErrors } from './metadata-schema.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

describe('the inbox metadata validator (ajv standalone code)', () => {
  it('is generated from the vendored schema and up to date', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/generate-metadata-validator.mjs', '--check'], {
        cwd: packageDir,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('judges metadata as the sending side’s compiled schema does', () => {
    const valid = {
      $schema: 'https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json',
      contentStructure: {
        data: {
          hash: { type: 'sha512', content: 'a'.repeat(128) },
          submissionSchema: { schemaUri: 'https://schema.example/dog.json', mimeType: 'application/json' },
        },
        attachments: [],
      },
      paymentInformation: {
        transactionReference: 'KZ-1',
        transactionId: 'T1',
        paymentMethod: 'GIROPAY',
        status: 'BOOKED',
        grossAmount: 12.34,
      },
    };
    const cases = [
      valid,
      {},
      { ...valid, contentStructure: { ...valid.contentStructure, attachments: [{ attachmentId: 'x' }] } },
      { ...valid, paymentInformation: { ...valid.paymentInformation, grossAmount: 12.345 } },
      { ...valid, replyChannel: { eMail: { address: 'no address' } } },
    ];
    const sendingSideAccepts = (metadata: unknown) => {
      try {
        validateMetadata(metadata);
        return true;
      } catch {
        return false;
      }
    };
    for (const metadata of cases) {
      expect(metadataSchemaErrors(metadata).length === 0).toBe(sendingSideAccepts(metadata));
    }
    expect(metadataSchemaErrors(valid)).toEqual([]);
    expect(metadataSchemaErrors({})[0]?.message).toContain('contentStructure');
  });
});
