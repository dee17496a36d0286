/**
 * When a decision (Verwaltungsakt) provided in the mailbox counts as notified (Bekanntgabe),
 * by a configurable rule:
 *
 * - `retrieval` (§ 41 (2a) VwVfG, the retrieval model): deemed notified on the day after the
 *   first retrieval; if it is not retrieved within `provisionDays` (10) days after the
 *   notification of its provision, the provision ends and it has not been notified.
 * - `third-day`: deemed notified on the third day after provision (the earlier § 9 OZG rule;
 *   Art. 24 BayDiG counts from the notification sent, which `from: 'notification'` selects).
 *
 * Days are calendar days in Germany (Europe/Berlin). Without the citizen's consent to
 * electronic notification at the time of provision, there is no deemed date at all.
 */
export type NotificationRule =
  | { rule: 'retrieval'; provisionDays?: number }
  | { rule: 'third-day'; from?: 'provision' | 'notification' };

export const defaultNotificationRule: NotificationRule = { rule: 'retrieval', provisionDays: 10 };

export interface NotificationFacts {
  providedAt: Date;
  notificationSentAt: Date | null;
  firstRetrievedAt: Date | null;
  /** Consent to electronic notification, as recorded at the time of provision. */
  consented: boolean;
}

export interface NotificationOutcome {
  /** ISO date (Europe/Berlin) the decision counts as notified, or null (not (yet) notified). */
  deemedNotifiedOn: string | null;
  /** Retrieval model: the provision ended unread (`provisionDays` passed without retrieval). */
  provisionEnded: boolean;
  /** Retrieval model: the last day a retrieval still counts. */
  provisionEndsOn: string | null;
}

const berlin = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' });
/** The calendar date in Germany of an instant. */
export function berlinDate(instant: Date): string {
  return berlin.format(instant);
}

/** A calendar date plus days, as a calendar date (no time zone arithmetic on instants). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function deemedNotification(
  facts: NotificationFacts,
  rule: NotificationRule,
  now: Date,
): NotificationOutcome {
  const none = { deemedNotifiedOn: null, provisionEnded: false, provisionEndsOn: null };
  if (!facts.consented) return none;
  if (rule.rule === 'third-day') {
    const from = rule.from === 'notification' ? facts.notificationSentAt : facts.providedAt;
    if (!from) return none;
    return { ...none, deemedNotifiedOn: addDays(berlinDate(from), 3) };
  }
  const days = rule.provisionDays ?? 10;
  const start = berlinDate(facts.notificationSentAt ?? facts.providedAt);
  const endsOn = addDays(start, days);
  if (facts.firstRetrievedAt) {
    const retrievedOn = berlinDate(facts.firstRetrievedAt);
    if (retrievedOn <= endsOn)
      return { deemedNotifiedOn: addDays(retrievedOn, 1), provisionEnded: false, provisionEndsOn: endsOn };
    return { deemedNotifiedOn: null, provisionEnded: true, provisionEndsOn: endsOn };
  }
  return { deemedNotifiedOn: null, provisionEnded: berlinDate(now) > endsOn, provisionEndsOn: endsOn };
}
