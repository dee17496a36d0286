import { describe, expect, it } from 'vitest';
import { addDays, berlinDate, deemedNotification } from './notification.js';

const at = (iso: string) => new Date(iso);
const base = { notificationSentAt: null, firstRetrievedAt: null, consented: true };

describe('deemed notification of a decision in the mailbox', () => {
  it('counts calendar days in Germany, not UTC', () => {
    // 23:30 UTC on 31 March is already 1 April in Berlin (summer time).
    expect(berlinDate(at('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });

  it('retrieval model: the day after the first retrieval', () => {
    const outcome = deemedNotification(
      { ...base, providedAt: at('2026-05-04T08:00:00Z'), firstRetrievedAt: at('2026-05-06T19:00:00Z') },
      { rule: 'retrieval' },
      at('2026-05-07T00:00:00Z'),
    );
    expect(outcome).toEqual({
      deemedNotifiedOn: '2026-05-07',
      provisionEnded: false,
      provisionEndsOn: '2026-05-14',
    });
  });

  it('retrieval model: unread for 10 days after the notification, the provision ends and nothing is notified', () => {
    const facts = {
      ...base,
      providedAt: at('2026-05-04T08:00:00Z'),
      notificationSentAt: at('2026-05-05T08:00:00Z'),
    };
    const open = deemedNotification(facts, { rule: 'retrieval' }, at('2026-05-15T12:00:00Z'));
    expect(open).toEqual({ deemedNotifiedOn: null, provisionEnded: false, provisionEndsOn: '2026-05-15' });
    const ended = deemedNotification(facts, { rule: 'retrieval' }, at('2026-05-16T12:00:00Z'));
    expect(ended.provisionEnded).toBe(true);
    const late = deemedNotification(
      { ...facts, firstRetrievedAt: at('2026-05-17T09:00:00Z') },
      { rule: 'retrieval' },
      at('2026-05-17T10:00:00Z'),
    );
    expect(late).toEqual({ deemedNotifiedOn: null, provisionEnded: true, provisionEndsOn: '2026-05-15' });
  });

  it('third-day rule: from provision, or from the notification sent', () => {
    const facts = {
      ...base,
      providedAt: at('2026-05-04T08:00:00Z'),
      notificationSentAt: at('2026-05-05T08:00:00Z'),
    };
    expect(
      deemedNotification(facts, { rule: 'third-day' }, at('2026-05-04T09:00:00Z')).deemedNotifiedOn,
    ).toBe('2026-05-07');
    expect(
      deemedNotification(facts, { rule: 'third-day', from: 'notification' }, at('2026-05-04T09:00:00Z'))
        .deemedNotifiedOn,
    ).toBe('2026-05-08');
  });

  it('without consent to electronic notification there is no deemed date', () => {
    const outcome = deemedNotification(
      {
        ...base,
        consented: false,
        providedAt: at('2026-05-04T08:00:00Z'),
        firstRetrievedAt: at('2026-05-04T09:00:00Z'),
      },
      { rule: 'retrieval' },
      at('2026-05-05T00:00:00Z'),
    );
    expect(outcome.deemedNotifiedOn).toBeNull();
  });
});
