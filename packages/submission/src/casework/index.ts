/**
 * Issue 13: the authority's inbox (cases as ciphertext, the caseworker's events and replies)
 * and the citizen's mailbox (status track, messages, decision dates, consent, answers).
 */
export {
  type CaseworkApiOptions,
  createReplyInboxApi,
  createSubscriberApi,
  type ReplyInboxApi,
  type SubscriberApi,
} from './api.js';
export { createMailboxAttachmentRoute, type MailboxAttachmentRouteOptions } from './attachment-route.js';
export { type CaseworkErrorCode, caseworkError } from './errors.js';
export { type Casework, type CaseworkOptions, createCasework, type InboxAuthority } from './inbox.js';
export { answerSchemaUri, createMailbox, type Mailbox, type MailboxOptions } from './mailbox.js';
export {
  addDays,
  berlinDate,
  deemedNotification,
  defaultNotificationRule,
  type NotificationRule,
} from './notification.js';
export { startPulling } from './polling.js';
export { type ReplyContent, type ReplyPublicJwk, replyContentSchema } from './reply-content.js';
export {
  createInboxRouter,
  createMailboxRouter,
  inboxProcedureCosts,
  mailboxProcedureCosts,
} from './routers.js';
export { type MailboxStatus, mailboxStatuses, statusText, statusTexts } from './status-texts.js';
export { caseworkMigrations, mailboxMigrations } from './storage.js';
