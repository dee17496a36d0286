import type { Locale, TrustLevel } from '@efa-kit/core';
import type {
  ApplicationAttachment,
  ApplicationHandoff,
  ApplicationSink,
  EfaSession,
  SubmitAnswer as PortAnswer,
} from '@efa-kit/core/server';
import type { $ZodIssue } from 'zod/v4/core';
import type { FieldOf, FormDefinition, Item } from '../schema/definition.js';
import type { SubmitAnswer as ContractAnswer } from '../schema/submission.js';
import type { FileValue, FormData } from '../schema/values.js';
import { isGroup } from '../schema/walk.js';
import { toFimSubmission } from '../validation/fim-data.js';
import { answerSections, feeAnswersOf, placeOf } from './answers.js';
import { formError } from './errors.js';
import { acceptsFile } from './uploads/content-type.js';
import { isUploadId, type StoredUpload, type UploadStore, uploadOwnerHash } from './uploads/storage.js';

/** What `createFormRouter` needs to offer `submit`: the app's delivery port and its rules. */
export interface FormSubmissionOptions {
  /** Takes the validated application (the submission capability, composed by the app). */
  sink: ApplicationSink;
  /**
   * The login level a form's service requires (the service catalogue's `trustLevel`); null when
   * the form is not offered for submission here (it is then refused, never sent unchecked).
   */
  trustLevelFor(formId: string): TrustLevel | null;
  /** The upload store the upload handler writes to (same database and sealer). */
  uploads: UploadStore;
  /**
   * `contentStructure.data.submissionSchema.schemaUri` of a form's data. Default: FITKO's JSON
   * Schema address for a form built from FIM (`https://schema.fitko.de/fim/s…_1.0.schema.json`),
   * else `urn:efa-kit:form:<id>:<version>`.
   */
  schemaUriFor?(formId: string): string;
  /** How long uploads submitted with an application are kept for its delivery; default 30 days. */
  attachedUploadRetentionMs?: number;
  now?: () => Date;
}

export const defaultAttachedUploadRetentionMs = 30 * 24 * 60 * 60 * 1000;

const trustLevelNames: Record<TrustLevel, Record<Locale, string>> = {
  low: { de: 'niedrig', en: 'low' },
  substantial: { de: 'substanziell', en: 'substantial' },
  high: { de: 'hoch', en: 'high' },
};

export function trustLevelTooLow(required: TrustLevel, actual: TrustLevel) {
  return formError(
    'FORM_TRUST_LEVEL_TOO_LOW',
    {
      requiredDe: trustLevelNames[required].de,
      requiredEn: trustLevelNames[required].en,
      actualDe: trustLevelNames[actual].de,
      actualEn: trustLevelNames[actual].en,
    },
    { details: { required, actual } },
  );
}

export function defaultSchemaUri(definition: FormDefinition): string {
  if (definition.fim) {
    const [major = '1', minor = '0'] = (definition.fim.version ?? '1.0').split('.');
    return `https://schema.fitko.de/fim/${definition.fim.id.toLowerCase()}_${major}.${minor}.schema.json`;
  }
  return `urn:efa-kit:form:${definition.id}:${definition.version}`;
}

interface FileAnswer {
  field: FieldOf<'file'>;
  /** Data path with item numbers, as segments. */
  path: (string | number)[];
  /** The path without item numbers, as the upload store keeps it. */
  keyPath: string;
  files: FileValue[];
}

/** Every answered file field of validated data, in document order. */
function fileAnswers(definition: FormDefinition, data: FormData): FileAnswer[] {
  const found: FileAnswer[] = [];
  const visit = (items: readonly Item[], value: unknown, path: (string | number)[], keyPath: string) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const item of items) {
      const inner = (value as Record<string, unknown>)[item.id];
      if (inner === undefined) continue;
      const itemKey = keyPath ? `${keyPath}.${item.id}` : item.id;
      if (isGroup(item)) {
        if (item.repeat && Array.isArray(inner)) {
          inner.forEach((entry, index) => {
            visit(item.items, entry, [...path, item.id, index], itemKey);
          });
        } else {
          visit(item.items, inner, [...path, item.id], itemKey);
        }
      } else if (item.kind === 'file' && Array.isArray(inner)) {
        found.push({ field: item, path: [...path, item.id], keyPath: itemKey, files: inner as FileValue[] });
      }
    }
  };
  for (const step of definition.steps) visit(step.groups, data, [], '');
  return found;
}

function setAt(data: FormData, path: readonly (string | number)[], value: unknown): void {
  let current: Record<string | number, unknown> = data;
  for (const segment of path.slice(0, -1)) current = current[segment] as Record<string | number, unknown>;
  current[path[path.length - 1] as string | number] = value;
}

export interface ResolvedUploads {
  /** The data with every file answer replaced by what the store holds (name, type, size, hash). */
  data: FormData;
  uploads: StoredUpload[];
  /** Field problems, paths relative to the data. */
  issues: $ZodIssue[];
}

/**
 * Resolves the file answers of an application to the owner's stored uploads. An answer without
 * an upload id, with an id that is not the owner's (or expired, or for another field or form,
 * or already submitted with another application), or whose stored file the field would not
 * accept becomes a field problem; nothing the browser said about a file is taken on trust.
 */
export async function resolveUploads(
  store: UploadStore,
  input: { definition: FormDefinition; data: FormData; ownerHash: string; applicationId: string },
): Promise<ResolvedUploads> {
  const { definition, ownerHash, applicationId } = input;
  const data = structuredClone(input.data);
  const answers = fileAnswers(definition, data);
  const ids = answers.flatMap((answer) => answer.files.map((file) => file.ref ?? ''));
  const stored = await store.find(ownerHash, ids.filter(isUploadId));
  const issues: $ZodIssue[] = [];
  const uploads: StoredUpload[] = [];
  const seen = new Set<string>();
  /** The problem key of one file answer, or the stored upload it stands for. */
  const check = (answer: FileAnswer, file: FileValue): string | StoredUpload => {
    if (!file.ref) return 'form.file.notUploaded';
    const row = stored.get(file.ref);
    const usable =
      row !== undefined &&
      row.formId === definition.id &&
      row.fieldPath === answer.keyPath &&
      (row.applicationId === null || row.applicationId === applicationId);
    if (!row || !usable) return 'form.file.unknown';
    if (seen.has(row.id)) return 'form.file.duplicate';
    seen.add(row.id);
    // Checked again against the definition as it is now (it may have changed since the upload).
    if (answer.field.maxSize !== undefined && row.size > answer.field.maxSize) return 'form.file.tooLarge';
    if (!acceptsFile(answer.field.accept ?? [], row.mimeType, row.filename)) return 'form.file.type';
    return row;
  };
  for (const answer of answers) {
    const resolved: FileValue[] = [];
    for (const [index, file] of answer.files.entries()) {
      const result = check(answer, file);
      if (typeof result === 'string') {
        issues.push({ code: 'custom', message: result, path: [...answer.path, index], input: file });
        continue;
      }
      uploads.push(result);
      resolved.push({
        name: result.filename,
        size: result.size,
        mediaType: result.mimeType,
        ref: result.id,
        sha512: result.sha512,
      });
    }
    setAt(data, answer.path, resolved);
  }
  return { data, uploads, issues };
}

export interface HandoffInput {
  definition: FormDefinition;
  applicationId: string;
  session: EfaSession;
  locale: Locale;
  /** The application as sent (conditions) and as validated and resolved (values). */
  input: unknown;
  data: FormData;
  uploads: readonly StoredUpload[];
  store: UploadStore;
  schemaUri: string;
  today: string;
}

/** The handoff for the sink; the same input gives the same handoff (the sink's idempotency relies on it). */
export function buildHandoff(options: HandoffInput): ApplicationHandoff {
  const { definition, data, store } = options;
  const attachments: ApplicationAttachment[] = options.uploads.map((upload) => ({
    attachmentId: upload.id,
    filename: upload.filename,
    mimeType: upload.mimeType,
    size: upload.size,
    sha512: upload.sha512,
    purpose: 'attachment',
    content: () => store.open(upload.id),
  }));
  return {
    applicationId: options.applicationId,
    formId: definition.id,
    formVersion: definition.version,
    locale: options.locale,
    subject: options.session.subject,
    trustLevel: options.session.trustLevel,
    data: toFimSubmission(definition, data).data,
    schemaUri: options.schemaUri,
    summary: answerSections({
      definition,
      input: options.input,
      data,
      locale: options.locale,
      today: options.today,
    }),
    feeAnswers: feeAnswersOf(definition, data),
    place: placeOf(definition, data),
    uploads: attachments,
    ...(options.session.identityProof ? { identityProof: options.session.identityProof } : {}),
  };
}

export { uploadOwnerHash };

// The browser's view of the answer (schema/submission.ts) and core's port type are one shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAnswer: Same<PortAnswer, ContractAnswer> = true;
void sameAnswer;
