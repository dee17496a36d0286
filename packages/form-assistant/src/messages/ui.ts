import { interpolate, type Locale, type MessageParams } from '@efa-kit/core/elements';
import { type UiMessageKey, uiDe } from './ui-de.js';
import { uiEn } from './ui-en.js';

export type { UiMessageKey };
export const uiMessages = { de: uiDe, en: uiEn } as const;

/** Looks up an element text; kept free of zod so the browser bundle stays small. */
export function t(locale: Locale, key: UiMessageKey, params?: MessageParams): string {
  return interpolate(uiMessages[locale][key], params);
}
