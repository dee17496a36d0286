import { createEndpointClient, type EndpointClient } from '@efa-kit/core/client';

/**
 * Everything <efa-mailbox> asks of the server: the shapes of the `mailbox.*` tRPC
 * procedures. `trpcMailboxSource` is the real one; `memoryMailboxSource` serves stories.
 */
export type MailboxStatus =
  | 'INITIATED'
  | 'SUBMITTED'
  | 'RECEIVED'
  | 'PROCESSING'
  | 'ACTION_REQUIRED'
  | 'COMPLETED';
export type TrustLevel = 'low' | 'substantial' | 'high';

export interface MailboxApplication {
  applicationId: string;
  reference: string;
  serviceName: string;
  authorityName: string | null;
  status: MailboxStatus;
  statusText: string;
  /** Why the authority refused the application (ZBP `additionalInformation`), else null. */
  additionalInformation?: string | null;
  track: Array<{ status: MailboxStatus; at: string }>;
  unread: number;
}

export interface MailboxMessage {
  messageId: string;
  applicationId: string;
  kind: 'status' | 'question' | 'answer' | 'decision';
  title: string;
  body: string | null;
  sender: string | null;
  service: string | null;
  reference: string | null;
  requiredTrustLevel: TrustLevel;
  readable: boolean;
  attachments: Array<{ filename: string; sha512: string; size: number }>;
  providedAt: string;
  notificationSentAt: string | null;
  firstRetrievedAt: string | null;
  deemedNotifiedAt: string | null;
  provisionEndsOn: string | null;
  provisionEnded: boolean;
  answers: string | null;
}

export interface MailboxConsent {
  given: boolean;
  at: string;
}

export interface MailboxSource {
  list(): Promise<{ applications: MailboxApplication[] }>;
  messages(applicationId: string): Promise<{ messages: MailboxMessage[] }>;
  open(messageId: string): Promise<MailboxMessage>;
  answer(messageId: string, body: string): Promise<{ messageId: string }>;
  consent(given: boolean): Promise<{ consent: MailboxConsent }>;
  currentConsent(): Promise<{ consent: MailboxConsent | null }>;
}

export function trpcMailboxSource(options: {
  endpoint: string;
  locale?: 'de' | 'en';
  client?: EndpointClient;
}): MailboxSource {
  const api =
    options.client ??
    createEndpointClient({
      endpoint: options.endpoint,
      ...(options.locale ? { locale: options.locale } : {}),
    });
  return {
    list: () => api.query('mailbox.list', {}),
    messages: (applicationId) => api.query('mailbox.messages', { applicationId }),
    open: (messageId) => api.mutation('mailbox.open', { messageId }),
    answer: (messageId, body) => api.mutation('mailbox.answer', { messageId, body }),
    consent: (given) => api.mutation('mailbox.consent', { given }),
    currentConsent: () => api.query('mailbox.currentConsent', {}),
  };
}

/** A mailbox in memory (stories, element tests): opening records the retrieval, answers are kept. */
export function memoryMailboxSource(data: {
  applications: MailboxApplication[];
  messages: MailboxMessage[];
  consent?: MailboxConsent | null;
  now?: () => Date;
}): MailboxSource {
  const now = data.now ?? (() => new Date());
  let consent = data.consent ?? null;
  const messages = data.messages.map((m) => ({ ...m }));
  return {
    async list() {
      return {
        applications: data.applications.map((a) => ({
          ...a,
          unread: messages.filter(
            (m) => m.applicationId === a.applicationId && !m.firstRetrievedAt && m.kind !== 'answer',
          ).length,
        })),
      };
    },
    async messages(applicationId) {
      return { messages: messages.filter((m) => m.applicationId === applicationId) };
    },
    async open(messageId) {
      const message = messages.find((m) => m.messageId === messageId);
      if (!message) throw new Error('not found');
      message.firstRetrievedAt ??= now().toISOString();
      return message;
    },
    async answer(messageId, body) {
      const question = messages.find((m) => m.messageId === messageId);
      if (!question) throw new Error('not found');
      const answer: MailboxMessage = {
        ...question,
        messageId: crypto.randomUUID(),
        kind: 'answer',
        title: question.title,
        body,
        requiredTrustLevel: 'low',
        readable: true,
        attachments: [],
        providedAt: now().toISOString(),
        firstRetrievedAt: now().toISOString(),
        answers: messageId,
      };
      messages.push(answer);
      return { messageId: answer.messageId };
    },
    async consent(given) {
      consent = { given, at: now().toISOString() };
      return { consent };
    },
    async currentConsent() {
      return { consent };
    },
  };
}
