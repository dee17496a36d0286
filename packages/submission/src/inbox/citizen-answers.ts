import { applyDataCheck, type DataValidator } from './decrypt.js';
import type { CaseMessage } from './source.js';
import type { VerificationReport } from './verification.js';
import type { Decryptor } from './worker-client.js';

/**
 * A citizen's answer to a question arrives as a later submission on the case, encrypted to
 * the destination like the application (casework/mailbox.ts: data `{ type: 'answer',
 * inReplyTo, reference, body, answeredAt }` under the kit's schema id). The inbox decrypts
 * and checks it like an application; the kit's own answer schema is the data check.
 */
export const answerSchemaUri = 'urn:efa-kit:mailbox:answer:1.0.0';

export interface OpenedAnswer {
  messageId: string;
  submissionId: string;
  body: string | null;
  answeredAt: string | null;
  report: VerificationReport;
}

const answerCheck: DataValidator = ({ data, schemaUri }) => {
  const value = data as Record<string, unknown> | null;
  const problems: string[] = [];
  if (schemaUri !== answerSchemaUri) problems.push(`schema ${String(schemaUri)} is not the answer schema`);
  if (!value || value.type !== 'answer') problems.push('type is not "answer"');
  if (typeof value?.body !== 'string' || value.body.length > 10_000)
    problems.push('body is missing or too long');
  return problems;
};

export function isEncryptedAnswer(
  message: CaseMessage,
): message is CaseMessage & { encryptedMetadata: string; encryptedData: string; submissionId: string } {
  return (
    message.kind === 'answer' &&
    typeof message.encryptedMetadata === 'string' &&
    typeof message.encryptedData === 'string' &&
    typeof message.submissionId === 'string'
  );
}

export async function openAnswer(
  decryptor: Decryptor,
  key: CryptoKey,
  message: CaseMessage & { encryptedMetadata: string; encryptedData: string; submissionId: string },
  leikaKey: string | null,
): Promise<OpenedAnswer> {
  const decrypted = await decryptor.decrypt(key, {
    encryptedMetadata: message.encryptedMetadata,
    encryptedData: message.encryptedData,
    attachments: [],
    announcedAttachmentIds: [],
    leikaKey,
  });
  const report = await applyDataCheck(decrypted, answerCheck, leikaKey);
  let body: string | null = null;
  let answeredAt: string | null = null;
  if (decrypted.data && report.checks.dataHash === 'passed') {
    try {
      const value = JSON.parse(new TextDecoder().decode(decrypted.data)) as {
        body?: unknown;
        answeredAt?: unknown;
      };
      body = typeof value.body === 'string' ? value.body : null;
      answeredAt = typeof value.answeredAt === 'string' ? value.answeredAt : null;
    } catch {
      // Not JSON: the data check has failed already and says so.
    }
  }
  return { messageId: message.messageId, submissionId: message.submissionId, body, answeredAt, report };
}
