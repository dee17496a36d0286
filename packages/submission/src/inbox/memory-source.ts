import { EndpointError } from '@efa-kit/core/client';
import { decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose';
import type { EncryptedDecision } from './reply.js';
import type { CaseMessage, DestinationKeyInfo, EncryptedCase, InboxCase, InboxSource } from './source.js';

/**
 * An InboxSource held in memory: a real implementation of the contract's semantics (paging
 * by cursor, unknown cases NOT_FOUND, events verified against the destination's registered
 * signature key, status changes, questions and decisions kept as messages), for stories,
 * tests and the bench. Nothing leaves the page.
 */
export interface MemoryInboxSource extends InboxSource {
  /** What the "server" would hold: the cases with their current state. */
  readonly cases: InboxCase[];
  /** Every event posted and accepted, with its verified claims. */
  readonly events: Array<{ caseId: string; set: string; claims: Record<string, unknown> }>;
  readonly sent: Array<{
    caseId: string;
    kind: 'question' | 'decision';
    title: string;
    body: string;
    decision?: EncryptedDecision;
  }>;
  /** The public signature key the destination registered (what the delivery service checks). */
  registerSigningKey(destinationId: string, jwk: JWK & { kid: string }): void;
  /** A citizen's answer arriving on the case: a later submission, ciphertext only. */
  receiveAnswer(
    caseId: string,
    answer: { submissionId: string; encryptedMetadata: string; encryptedData: string },
  ): void;
}

export interface MemoryInboxInput {
  destinations: DestinationKeyInfo[];
  cases: Array<{ summary: InboxCase; encrypted: EncryptedCase }>;
  /** The citizen-side key decisions are encrypted to. */
  replyJwk?: JWK;
}

function notFound(): never {
  throw new EndpointError('Vorgang nicht gefunden.', 'NOT_FOUND', 404);
}

export function memoryInboxSource(input: MemoryInboxInput): MemoryInboxSource {
  const cases = input.cases.map((c) => ({ ...c.summary }));
  const encrypted = new Map(input.cases.map((c) => [c.summary.caseId, c.encrypted]));
  const signingKeys = new Map<string, JWK & { kid: string }>();
  const events: MemoryInboxSource['events'] = [];
  const sent: MemoryInboxSource['sent'] = [];
  const received: Array<{ caseId: string; message: CaseMessage }> = [];
  const find = (caseId: string) => cases.find((c) => c.caseId === caseId) ?? notFound();
  let messageCount = 0;
  const messageId = () => `00000000-0000-4000-8000-${String(++messageCount).padStart(12, '0')}`;
  return {
    cases,
    events,
    sent,
    registerSigningKey(destinationId, jwk) {
      signingKeys.set(destinationId.toLowerCase(), jwk);
    },
    receiveAnswer(caseId, answer) {
      find(caseId);
      received.push({
        caseId,
        message: {
          messageId: messageId(),
          direction: 'from_citizen',
          kind: 'answer',
          title: null,
          body: null,
          ...answer,
        },
      });
    },
    async list({ limit = 200, cursor }) {
      const start = cursor ? Number(cursor) : 0;
      const page = cases.slice(start, start + limit).map((c) => ({ ...c }));
      const next = start + limit;
      return { cases: page, nextCursor: next < cases.length ? String(next) : null };
    },
    async get(caseId) {
      const item = find(caseId);
      const value = encrypted.get(caseId) ?? notFound();
      return { ...value, status: item.status };
    },
    async destinationKeys() {
      return { destinations: input.destinations.map((d) => ({ ...d })) };
    },
    async recordVerification({ caseId, reference, result }) {
      const item = find(caseId);
      item.reference = reference;
      item.verification = result;
      return { ok: true };
    },
    async postEvent({ caseId, submissionId, set }) {
      const item = find(caseId);
      const jwk = signingKeys.get(item.destinationId.toLowerCase());
      if (!jwk || decodeProtectedHeader(set).kid !== jwk.kid) return { accepted: false };
      try {
        const { payload } = await jwtVerify(
          set,
          await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'PS512'),
          {
            algorithms: ['PS512'],
            typ: 'secevent+jwt',
            issuer: item.destinationId,
            subject: `submission:${submissionId}`,
          },
        );
        if (payload.txn !== `case:${caseId}`) return { accepted: false };
        const [uri] = Object.keys((payload.events ?? {}) as object);
        // An answer's submission is accepted on its own; the case's status is the application's.
        if (uri?.endsWith('/reject-submission') && submissionId === item.submissionId)
          item.status = 'rejected';
        events.push({ caseId, set, claims: payload as Record<string, unknown> });
        return { accepted: true };
      } catch {
        return { accepted: false };
      }
    },
    async setStatus({ caseId, status }) {
      const item = find(caseId);
      item.status = status;
      return { ...item };
    },
    async ask({ caseId, title, body }) {
      const item = find(caseId);
      item.status = 'action_required';
      sent.push({ caseId, kind: 'question', title, body });
      return { messageId: messageId() };
    },
    async decide({ caseId, title, body, decision }) {
      const item = find(caseId);
      item.status = 'decided';
      sent.push({ caseId, kind: 'decision', title, body, decision });
      return { messageId: messageId() };
    },
    async replyKey(caseId) {
      find(caseId);
      if (!input.replyJwk) throw new EndpointError('Kein Antwortkanal.', 'NOT_FOUND', 404);
      return { jwk: input.replyJwk };
    },
    async messages(caseId) {
      find(caseId);
      const list: CaseMessage[] = sent
        .filter((m) => m.caseId === caseId)
        .map((m, i) => ({
          messageId: `sent-${i}`,
          direction: 'to_citizen',
          kind: m.kind,
          title: m.title,
          body: m.body,
        }));
      for (const r of received) if (r.caseId === caseId) list.push({ ...r.message });
      return { messages: list };
    },
  };
}
