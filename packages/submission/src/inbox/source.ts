import { createEndpointClient, type EndpointClient } from '@efa-kit/core/client';
import type { JWK } from 'jose';
import type { EncryptedDecision } from './reply.js';

/**
 * Everything <efa-inbox> asks of the server, and nothing more: the element never talks to
 * the server otherwise. The shapes are those of the `inbox.*` tRPC procedures (see
 * trpcInboxSource); the server holds and forwards ciphertext only.
 */

export type CaseStatus = 'received' | 'in_progress' | 'action_required' | 'decided' | 'rejected';
export type CaseVerification = 'unchecked' | 'valid' | 'invalid';

export interface InboxCase {
  caseId: string;
  submissionId: string;
  destinationId: string;
  serviceName: string | null;
  leikaKey: string | null;
  /** ISO date-time. */
  submittedAt: string;
  status: CaseStatus;
  /** Known once a caseworker's browser reported it after decryption. */
  reference: string | null;
  verification: CaseVerification;
  attachmentCount: number;
}

export interface CaseList {
  cases: InboxCase[];
  nextCursor: string | null;
}

export interface EncryptedCase {
  caseId: string;
  submissionId: string;
  destinationId: string;
  encryptedMetadata: string;
  encryptedData: string;
  attachments: Array<{ attachmentId: string; jwe: string }>;
  announcedAttachmentIds: string[];
  status: CaseStatus;
  events: Array<{ type: string; at: string }>;
}

export interface DestinationKeyInfo {
  destinationId: string;
  authorityName: string;
  encryptionKid: string | null;
  signingKid: string | null;
}

/** A message on the case as `inbox.messages` lists it; a citizen's answer is ciphertext. */
export interface CaseMessage {
  messageId: string;
  kind?: string;
  title?: string | null;
  body?: string | null;
  /** `to_citizen` or `from_citizen`. */
  direction?: string;
  createdAt?: string;
  /** The citizen's first retrieval (the read receipt). */
  retrievedAt?: string | null;
  /** For an answer: its own submission on the case, encrypted to the destination. */
  submissionId?: string | null;
  encryptedMetadata?: string | null;
  encryptedData?: string | null;
  [field: string]: unknown;
}

export interface InboxSource {
  list(input: { limit?: number; cursor?: string }): Promise<CaseList>;
  get(caseId: string): Promise<EncryptedCase>;
  destinationKeys(): Promise<{ destinations: DestinationKeyInfo[] }>;
  recordVerification(input: {
    caseId: string;
    reference: string;
    result: 'valid' | 'invalid';
    problems?: string[];
  }): Promise<{ ok: true }>;
  postEvent(input: { caseId: string; submissionId: string; set: string }): Promise<{ accepted: boolean }>;
  setStatus(input: { caseId: string; status: 'in_progress' | 'action_required' }): Promise<InboxCase>;
  ask(input: { caseId: string; title: string; body: string }): Promise<{ messageId: string }>;
  decide(input: {
    caseId: string;
    title: string;
    body: string;
    decision: EncryptedDecision;
  }): Promise<{ messageId: string }>;
  replyKey(caseId: string): Promise<{ jwk: JWK }>;
  messages(caseId: string): Promise<{ messages: CaseMessage[] }>;
}

/** The InboxSource over the kit's tRPC endpoint (router key `inbox`). */
export function trpcInboxSource(options: {
  endpoint: string;
  locale?: 'de' | 'en';
  client?: EndpointClient;
}): InboxSource {
  const api =
    options.client ??
    createEndpointClient({
      endpoint: options.endpoint,
      ...(options.locale ? { locale: options.locale } : {}),
    });
  return {
    list: (input) => api.query('inbox.list', input),
    get: (caseId) => api.query('inbox.get', { caseId }),
    destinationKeys: () => api.query('inbox.destinationKeys', {}),
    recordVerification: (input) => api.mutation('inbox.recordVerification', input),
    postEvent: (input) => api.mutation('inbox.postEvent', input),
    setStatus: (input) => api.mutation('inbox.setStatus', input),
    ask: (input) => api.mutation('inbox.ask', input),
    decide: (input) => api.mutation('inbox.decide', input),
    replyKey: (caseId) => api.query('inbox.replyKey', { caseId }),
    messages: async (caseId) => {
      // The contract says "messages on the case"; accept a bare list or { messages }.
      const result = await api.query<CaseMessage[] | { messages: CaseMessage[] }>('inbox.messages', {
        caseId,
      });
      return Array.isArray(result) ? { messages: result } : result;
    },
  };
}
