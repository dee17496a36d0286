/** `@efa-kit/submission/mailbox`: the citizen's mailbox element and its data source. */
export { EfaMailboxElement } from './efa-mailbox.js';
export { type MailboxMessageKey, mailboxDe, mailboxEn } from './messages.js';
export {
  type MailboxApplication,
  type MailboxConsent,
  type MailboxMessage,
  type MailboxSource,
  type MailboxStatus,
  memoryMailboxSource,
  trpcMailboxSource,
} from './source.js';
