import { createLazyTranslator, type Locale } from '@efa-kit/core/elements';
import { type LoginMessageKey, loginDe, type TimeoutMessageKey, timeoutDe } from './de.js';

export type { LoginMessageKey, TimeoutMessageKey };

// English is one chunk for both elements, fetched the first time one renders in English
// (issue 16); each element awaits `ready` in its scheduleUpdate, so no German flashes first.
const english = () => import('./en.js');
export const tLogin = /* @__PURE__ */ createLazyTranslator(loginDe, () =>
  english().then((module) => module.loginEn),
);
export const tTimeout = /* @__PURE__ */ createLazyTranslator(timeoutDe, () =>
  english().then((module) => module.timeoutEn),
);

/** "2 Minuten und 5 Sekunden": spoken durations read better than "2:05" in a screen reader. */
export function duration(lang: Locale, totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m === 0) return s === 1 ? tTimeout(lang, 'time.second') : tTimeout(lang, 'time.seconds', { s });
  if (s === 0) return m === 1 ? tTimeout(lang, 'time.minute') : tTimeout(lang, 'time.minutes', { m });
  return m === 1
    ? tTimeout(lang, 'time.minuteSeconds', { s })
    : tTimeout(lang, 'time.minutesSeconds', { m, s });
}
