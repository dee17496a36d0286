import { type LoginMessageKey, loginDe, type TimeoutMessageKey, timeoutDe } from './de.js';
import { loginEn, timeoutEn } from './en.js';

export type { LoginMessageKey, TimeoutMessageKey };
export const messages = { login: { de: loginDe, en: loginEn }, timeout: { de: timeoutDe, en: timeoutEn } };

/** Small on purpose: the elements' bundle budget leaves no room for a formatting library. */
export function format(template: string, params?: Record<string, string | number>): string {
  return params
    ? template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole))
    : template;
}

export function tLogin(lang: string, key: LoginMessageKey, params?: Record<string, string | number>): string {
  return format((lang === 'en' ? loginEn : loginDe)[key], params);
}

export function tTimeout(
  lang: string,
  key: TimeoutMessageKey,
  params?: Record<string, string | number>,
): string {
  return format((lang === 'en' ? timeoutEn : timeoutDe)[key], params);
}

/** "2 Minuten und 5 Sekunden": spoken durations read better than "2:05" in a screen reader. */
export function duration(lang: string, totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m === 0) return s === 1 ? tTimeout(lang, 'time.second') : tTimeout(lang, 'time.seconds', { s });
  if (s === 0) return m === 1 ? tTimeout(lang, 'time.minute') : tTimeout(lang, 'time.minutes', { m });
  return m === 1
    ? tTimeout(lang, 'time.minuteSeconds', { s })
    : tTimeout(lang, 'time.minutesSeconds', { m, s });
}
