import type { inboxDe } from './messages/de.js';

export type InboxErrorCode = {
  [K in keyof typeof inboxDe]: K extends `INBOX_${string}` ? K : never;
}[keyof typeof inboxDe];

/**
 * An inbox failure with a code from the inbox's catalogue (messages/de.ts, en.ts); the
 * element shows the text for the code in the page's language, the message is for logs.
 */
export class InboxError extends Error {
  override readonly name = 'InboxError';

  constructor(
    readonly code: InboxErrorCode,
    readonly params: Readonly<Record<string, string>> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`, options);
  }
}
