import { h } from '@efa-kit/core/elements';
import type { OpenedAnswer } from './citizen-answers.js';
import { formatDate, type Locale, type Translate } from './format.js';
import type { CaseMessage } from './source.js';

/**
 * The messages on a case both ways (questions, answers, decisions), with the dates the server
 * records, among them the citizen's first retrieval: the read receipt the authority sees.
 */
const kinds = ['question', 'answer', 'decision', 'status'] as const;
const dateFields = [
  'createdAt',
  'providedAt',
  'sentAt',
  'notificationSentAt',
  'firstRetrievedAt',
  'readAt',
  'deemedNotifiedAt',
  'retrievedAt',
] as const;

export interface MessagesInput {
  messages: readonly CaseMessage[] | null;
  /** Citizens' answers decrypted in this browser, by message id. */
  answers: ReadonlyMap<string, OpenedAnswer>;
  /** Answers whose receipt was confirmed (an accept-submission event posted and taken). */
  confirmed: ReadonlySet<string>;
  busy: boolean;
  onConfirm: (messageId: string) => void;
}

export function renderMessages(input: MessagesInput, locale: Locale, t: Translate): HTMLElement {
  const items = (input.messages ?? []).map((message) => {
    const answer = input.answers.get(message.messageId);
    const kind = kinds.find((k) => k === message.kind);
    const dates = dateFields.flatMap((field) => {
      const value = message[field];
      return typeof value === 'string' && value
        ? [h('li', { 'data-date': field }, `${t(`date.${field}`)}: ${formatDate(locale, value)}`)]
        : [];
    });
    return h(
      'li',
      { 'data-message': message.messageId },
      h(
        'strong',
        {},
        `${t(kind ? `message.${kind}` : 'message.other')}${message.title ? `: ${message.title}` : ''}`,
      ),
      typeof message.body === 'string' && message.body ? h('p', { class: 'body' }, message.body) : null,
      answer?.body ? h('p', { class: 'body' }, answer.body) : null,
      answer &&
        h(
          'p',
          { 'data-answer-result': answer.report.result },
          `${t('ui.case.verificationHeading')}: ${t(`verification.${answer.report.result}`)}`,
        ),
      answer &&
        answer.report.result === 'valid' &&
        h(
          'button',
          {
            type: 'button',
            class: 'button button--secondary',
            'data-key': `confirm:${message.messageId}`,
            onclick: () => input.onConfirm(message.messageId),
            ...(input.busy || input.confirmed.has(message.messageId) ? { disabled: true } : {}),
          },
          t(input.confirmed.has(message.messageId) ? 'ui.case.answerConfirmed' : 'ui.case.confirmAnswer'),
        ),
      dates.length > 0 ? h('ul', { class: 'dates' }, ...dates) : null,
    );
  });
  return h(
    'section',
    { 'aria-labelledby': 'messages-heading', class: 'messages' },
    h('h3', { id: 'messages-heading' }, t('ui.case.messagesHeading')),
    items.length === 0 ? h('p', {}, t('ui.case.noMessages')) : h('ul', {}, ...items),
  );
}
