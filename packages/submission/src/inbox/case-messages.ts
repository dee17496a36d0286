import { h } from './dom.js';
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
] as const;

export function renderMessages(
  messages: readonly CaseMessage[] | null,
  locale: Locale,
  t: Translate,
): HTMLElement {
  const items = (messages ?? []).map((message) => {
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
