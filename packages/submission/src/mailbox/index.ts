/** `@efa-kit/submission/mailbox`: the citizen's mailbox element and its data source. */
export { EfaMailboxElement } from './efa-mailbox.js';
export { type MailboxMessageKey, mailboxDe } from './messages.js';
export { mailboxEn } from './messages-en.js';
export {
  type MailboxApplication,
  type MailboxConsent,
  type MailboxMessage,
  type MailboxSource,
  type MailboxStatus,
  memoryMailboxSource,
  trpcMailboxSource,
} from './source.js';
