import { compactDecrypt } from 'jose';
import { catalogueProblem } from './catalogue.js';
import { sha512Hex } from './hash.js';
import { metadataSchemaErrors } from './metadata-schema.js';
import type { CheckName, CheckStatus, VerificationFinding, VerificationReport } from './verification.js';
import { resultOf } from './verification.js';

/**
 * Decrypts a submission with the destination's private key (a non-extractable CryptoKey,
 * RSA-OAEP-256 with usage `decrypt`) and checks it: metadata against FITKO's schema, SHA-512
 * of data and of every attachment against the metadata, announced against present
 * attachments (in the metadata and in the submission as the delivery service announced it),
 * the service type against the case's. Runs in the decryption worker (decrypt-worker.ts);
 * the form check of the data needs the host's validator and is added on the page
 * (applyDataCheck).
 */

export interface EncryptedSubmission {
  encryptedMetadata: string;
  encryptedData: string;
  attachments: ReadonlyArray<{ attachmentId: string; jwe: string }>;
  announcedAttachmentIds: readonly string[];
  /** The case's Leistungsschlüssel (from the inbox list); null when the server does not know. */
  leikaKey: string | null;
}

export interface DecryptedAttachment {
  attachmentId: string;
  bytes: Uint8Array<ArrayBuffer>;
  filename: string | null;
  mimeType: string;
  purpose: string | null;
}

export interface DecryptedSubmission {
  metadata: Record<string, unknown> | null;
  data: Uint8Array<ArrayBuffer> | null;
  dataMimeType: string | null;
  /** `contentStructure.data.submissionSchema.schemaUri`, for the host's form validator. */
  dataSchemaUri: string | null;
  attachments: DecryptedAttachment[];
  report: VerificationReport;
}

const jweOptions = {
  keyManagementAlgorithms: ['RSA-OAEP-256'],
  contentEncryptionAlgorithms: ['A256GCM'],
};

function tagOf(jwe: string): string {
  return jwe.slice(jwe.lastIndexOf('.') + 1);
}

async function open(jwe: string, key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  const { plaintext } = await compactDecrypt(jwe, key, jweOptions);
  return plaintext as Uint8Array<ArrayBuffer>;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

interface AnnouncedAttachment {
  attachmentId: string;
  hash: string | null;
  filename: string | null;
  mimeType: string;
  purpose: string | null;
}

function announcedIn(metadata: Record<string, unknown> | undefined): AnnouncedAttachment[] {
  const list = record(metadata?.contentStructure)?.attachments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const entry = record(item);
    if (!entry || typeof entry.attachmentId !== 'string') return [];
    const hash = record(entry.hash)?.content;
    return [
      {
        attachmentId: entry.attachmentId.toLowerCase(),
        hash: typeof hash === 'string' ? hash : null,
        filename: typeof entry.filename === 'string' ? entry.filename : null,
        mimeType: typeof entry.mimeType === 'string' ? entry.mimeType : 'application/octet-stream',
        purpose: typeof entry.purpose === 'string' ? entry.purpose : null,
      },
    ];
  });
}

export async function decryptSubmission(
  key: CryptoKey,
  input: EncryptedSubmission,
): Promise<DecryptedSubmission> {
  const findings: VerificationFinding[] = [];
  const checks: Record<CheckName, CheckStatus> = {
    decryption: 'passed',
    metadataSchema: 'passed',
    dataHash: 'passed',
    attachmentHashes: 'passed',
    attachmentsComplete: 'passed',
    serviceType: 'passed',
    dataSchema: 'skipped',
  };
  const fail = (check: CheckName, finding: VerificationFinding) => {
    checks[check] = 'failed';
    findings.push(finding);
  };
  const authenticationTags = {
    metadata: tagOf(input.encryptedMetadata),
    data: tagOf(input.encryptedData),
    attachments: Object.fromEntries(input.attachments.map((a) => [a.attachmentId, tagOf(a.jwe)])),
  };

  // All parts at once: AES-GCM and the RSA unwrap run off the worker's thread in WebCrypto.
  const [metadataResult, dataResult, ...attachmentResults] = await Promise.allSettled([
    open(input.encryptedMetadata, key),
    open(input.encryptedData, key),
    ...input.attachments.map((a) => open(a.jwe, key)),
  ]);

  let metadata: Record<string, unknown> | undefined;
  if (metadataResult?.status === 'fulfilled') {
    try {
      metadata = record(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(metadataResult.value)));
      if (!metadata) throw new Error('not an object');
    } catch (error) {
      fail('metadataSchema', { code: 'metadataNotJson', part: 'metadata', detail: message(error) });
    }
  } else {
    fail('decryption', { code: 'decryptFailed', part: 'metadata', detail: message(metadataResult?.reason) });
  }
  if (metadata) {
    const errors = metadataSchemaErrors(metadata);
    if (errors.length > 0)
      fail('metadataSchema', {
        code: 'metadataSchema',
        part: 'metadata',
        detail: errors
          .slice(0, 5)
          .map((e) => `${e.path} ${e.message}`)
          .join('; '),
      });
  }
  const contentStructure = record(metadata?.contentStructure);
  const dataEntry = record(contentStructure?.data);
  const submissionSchema = record(dataEntry?.submissionSchema);

  let data: Uint8Array<ArrayBuffer> | null = null;
  if (dataResult?.status === 'fulfilled') data = dataResult.value;
  else fail('decryption', { code: 'decryptFailed', part: 'data', detail: message(dataResult?.reason) });
  const dataHash = record(dataEntry?.hash)?.content;
  if (data && metadata) {
    if (typeof dataHash !== 'string') {
      fail('dataHash', { code: 'dataMissing', part: 'data', detail: 'the metadata announce no data' });
    } else {
      const actual = await sha512Hex(data);
      if (actual !== dataHash)
        fail('dataHash', {
          code: 'dataHashMismatch',
          part: 'data',
          detail: `SHA-512 of the data is ${actual}, the metadata say ${dataHash}`,
          problem: catalogueProblem('hash-mismatch-data', 'Der Hashwert der Fachdaten stimmt nicht.'),
        });
    }
  } else checks.dataHash = 'skipped';

  const announced = announcedIn(metadata);
  const announcedIds = new Set(announced.map((a) => a.attachmentId));
  const serverIds = new Set(input.announcedAttachmentIds.map((id) => id.toLowerCase()));
  const present = new Map<string, number>();
  input.attachments.forEach((a, index) => {
    present.set(a.attachmentId.toLowerCase(), index);
  });
  const attachments: DecryptedAttachment[] = [];
  if (!metadata) checks.attachmentHashes = 'skipped';
  for (const entry of announced) {
    const index = present.get(entry.attachmentId);
    if (index === undefined) {
      fail('attachmentsComplete', {
        code: 'attachmentMissing',
        part: 'attachment',
        attachmentId: entry.attachmentId,
        detail: `attachment ${entry.attachmentId} is announced in the metadata but not in the submission`,
      });
      continue;
    }
    const result = attachmentResults[index];
    if (result?.status !== 'fulfilled') {
      fail('decryption', {
        code: 'decryptFailed',
        part: 'attachment',
        attachmentId: entry.attachmentId,
        detail: message(result?.reason),
      });
      continue;
    }
    const actual = await sha512Hex(result.value);
    if (actual !== entry.hash)
      fail('attachmentHashes', {
        code: 'attachmentHashMismatch',
        part: 'attachment',
        attachmentId: entry.attachmentId,
        detail: `SHA-512 of attachment ${entry.attachmentId} is ${actual}, the metadata say ${entry.hash ?? 'nothing'}`,
        problem: catalogueProblem(
          'hash-mismatch-attachment',
          'Der Hashwert einer Anlage stimmt nicht.',
          entry.attachmentId,
        ),
      });
    attachments.push({
      attachmentId: entry.attachmentId,
      bytes: result.value,
      filename: entry.filename,
      mimeType: entry.mimeType,
      purpose: entry.purpose,
    });
  }
  if (metadata) {
    for (const id of present.keys())
      if (!announcedIds.has(id))
        fail('attachmentsComplete', {
          code: 'attachmentUnexpected',
          part: 'attachment',
          attachmentId: id,
          detail: `attachment ${id} is in the submission but not in the metadata`,
        });
    const differ = [...announcedIds].some((id) => !serverIds.has(id)) || serverIds.size !== announcedIds.size;
    if (differ)
      fail('attachmentsComplete', {
        code: 'attachmentsAnnouncedDiffer',
        part: 'metadata',
        detail: `the submission announced ${[...serverIds].join(', ') || 'no attachments'}, the metadata ${[...announcedIds].join(', ') || 'none'}`,
      });
  } else checks.attachmentsComplete = checks.attachmentsComplete === 'failed' ? 'failed' : 'skipped';

  const identifier = record(metadata?.publicServiceType)?.identifier;
  if (!metadata) checks.serviceType = 'skipped';
  else if (input.leikaKey === null) checks.serviceType = 'skipped';
  else if (identifier !== `urn:de:fim:leika:leistung:${input.leikaKey}`)
    fail('serviceType', {
      code: 'serviceMismatch',
      part: 'metadata',
      detail: `the metadata name the service ${String(identifier ?? 'nothing')}, the case is for ${input.leikaKey}`,
    });

  const reference = record(metadata?.additionalReferenceInfo)?.senderReference;
  return {
    metadata: metadata ?? null,
    data,
    dataMimeType: typeof submissionSchema?.mimeType === 'string' ? submissionSchema.mimeType : null,
    dataSchemaUri: typeof submissionSchema?.schemaUri === 'string' ? submissionSchema.schemaUri : null,
    attachments,
    report: {
      result: resultOf(checks),
      checks,
      findings,
      reference: typeof reference === 'string' ? reference : null,
      authenticationTags,
    },
  };
}

/** The host's check of the data against the service's form definition: problems, none if valid. */
export type DataValidator = (input: {
  data: unknown;
  schemaUri: string | null;
  leikaKey: string | null;
}) => Promise<readonly string[]> | readonly string[];

/**
 * Adds the form check to a report: with no validator the check stays skipped (the result is
 * at best `incomplete`); data that is not JSON, or that the validator refuses, fails it.
 */
export async function applyDataCheck(
  decrypted: DecryptedSubmission,
  validator: DataValidator | undefined,
  leikaKey: string | null,
): Promise<VerificationReport> {
  const report = { ...decrypted.report, checks: { ...decrypted.report.checks } };
  report.findings = [...report.findings];
  if (!validator || !decrypted.data) return { ...report, result: resultOf(report.checks) };
  let problems: readonly string[];
  try {
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decrypted.data));
    problems = await validator({ data: parsed, schemaUri: decrypted.dataSchemaUri, leikaKey });
  } catch (error) {
    problems = [message(error)];
  }
  report.checks.dataSchema = problems.length === 0 ? 'passed' : 'failed';
  if (problems.length > 0)
    report.findings.push({ code: 'dataInvalid', part: 'data', detail: problems.slice(0, 5).join('; ') });
  return { ...report, result: resultOf(report.checks) };
}
