import type { OpeningHours } from './index.js';

const dayNames: Record<string, number> = {
  mo: 1,
  di: 2,
  mi: 3,
  do: 4,
  fr: 5,
  sa: 6,
  so: 7,
  tu: 2,
  we: 3,
  th: 4,
  su: 7,
};

export class OpeningHoursSyntaxError extends Error {
  override readonly name = 'OpeningHoursSyntaxError';
}

function days(spec: string): number[] {
  const result: number[] = [];
  for (const part of spec.split(',')) {
    const [from, to] = part.trim().toLowerCase().split('-');
    const start = dayNames[from ?? ''];
    const end = to === undefined ? start : dayNames[to];
    if (!start || !end || end < start)
      throw new OpeningHoursSyntaxError(`Unbekannter Wochentag „${part.trim()}“`);
    for (let day = start; day <= end; day += 1) result.push(day);
  }
  return result;
}

function intervals(spec: string): Array<{ opens: string; closes: string }> {
  return spec.split(',').map((part) => {
    const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!match) throw new OpeningHoursSyntaxError(`Keine Uhrzeitspanne: „${part.trim()}“`);
    const [, h1 = '', m1 = '', h2 = '', m2 = ''] = match;
    const opens = `${h1.padStart(2, '0')}:${m1}`;
    const closes = `${h2.padStart(2, '0')}:${m2}`;
    if (!(opens < closes) || Number(h2) > 23 || Number(m1) > 59 || Number(m2) > 59) {
      throw new OpeningHoursSyntaxError(`Ungültige Zeitspanne „${part.trim()}“`);
    }
    return { opens, closes };
  });
}

/**
 * Reads the compact notation of the CSV template and XZuFi free text:
 * "Mo-Fr 08:00-12:00; Di,Do 13:00-18:00; 2026-12-24 geschlossen; 2026-12-31 09:00-12:00".
 * Throws OpeningHoursSyntaxError with a German reason on anything else.
 */
export function parseOpeningHours(text: string): OpeningHours {
  const hours: OpeningHours = { regular: [], exceptions: [] };
  for (const raw of text.split(';')) {
    const part = raw.trim();
    if (!part) continue;
    const dated = /^(\d{4}-\d{2}-\d{2})\s+(.+)$/.exec(part);
    if (dated?.[1] && dated[2]) {
      const rest = dated[2].trim();
      if (/^(geschlossen|closed)$/i.test(rest))
        hours.exceptions.push({ date: dated[1], closed: true, intervals: [] });
      else hours.exceptions.push({ date: dated[1], closed: false, intervals: intervals(rest) });
      continue;
    }
    const weekly = /^([A-Za-z,\- ]+?)\s+(\d.*)$/.exec(part);
    if (!weekly?.[1] || !weekly[2]) throw new OpeningHoursSyntaxError(`Nicht lesbar: „${part}“`);
    const spans = intervals(weekly[2]);
    for (const weekday of days(weekly[1])) {
      for (const span of spans) hours.regular.push({ weekday, ...span });
    }
  }
  return hours;
}

export interface OpeningState {
  open: boolean;
  /** Today's intervals (after exceptions), "HH:MM". */
  today: Array<{ opens: string; closes: string }>;
  /** When it closes (if open) or next opens today (if not), "HH:MM". */
  until: string | null;
  /** True when today follows a dated exception (holiday, special hours). */
  exception: boolean;
}

const berlinFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const weekdayNumber: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Date, weekday and wall-clock time in Germany, whatever the device's time zone. */
export function berlinTime(now: Date): { date: string; weekday: number; time: string } {
  const parts = Object.fromEntries(berlinFormat.formatToParts(now).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: weekdayNumber[parts.weekday ?? ''] ?? 1,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Whether an office is open at `now`, judged in Europe/Berlin time. */
export function openingState(hours: OpeningHours, now: Date): OpeningState {
  const { date, weekday, time } = berlinTime(now);
  const exception = hours.exceptions.find((e) => e.date === date);
  const today = exception
    ? exception.closed
      ? []
      : exception.intervals
    : hours.regular.filter((r) => r.weekday === weekday).map(({ opens, closes }) => ({ opens, closes }));
  const sorted = [...today].sort((a, b) => (a.opens < b.opens ? -1 : 1));
  const current = sorted.find((i) => i.opens <= time && time < i.closes);
  const next = sorted.find((i) => i.opens > time);
  return {
    open: current !== undefined,
    today: sorted,
    until: current ? current.closes : (next?.opens ?? null),
    exception: exception !== undefined,
  };
}
