import { describe, expect, it } from 'vitest';
import { berlinTime, OpeningHoursSyntaxError, openingState, parseOpeningHours } from './opening-hours.js';

describe('opening hours', () => {
  it('reads the compact notation with day ranges, lists, split days and dated exceptions', () => {
    const hours = parseOpeningHours(
      'Mo-Fr 08:00-12:00; Di,Do 13:00-18:00; 2026-12-24 geschlossen; 2026-12-31 9:00-11:30',
    );
    expect(hours.regular).toHaveLength(7);
    expect(hours.regular.filter((r) => r.weekday === 2)).toEqual([
      { weekday: 2, opens: '08:00', closes: '12:00' },
      { weekday: 2, opens: '13:00', closes: '18:00' },
    ]);
    expect(hours.exceptions).toEqual([
      { date: '2026-12-24', closed: true, intervals: [] },
      { date: '2026-12-31', closed: false, intervals: [{ opens: '09:00', closes: '11:30' }] },
    ]);
  });

  it('rejects what it cannot read, with the part that failed', () => {
    expect(() => parseOpeningHours('Montag 8-12')).toThrow(OpeningHoursSyntaxError);
    expect(() => parseOpeningHours('Mo 12:00-08:00')).toThrow(/12:00-08:00/);
    expect(() => parseOpeningHours('Xy 08:00-12:00')).toThrow(/Xy/);
  });

  it('judges "open now" in Berlin time, whatever the clock of the device', () => {
    const hours = parseOpeningHours('Mo-Fr 08:00-12:00; Di 13:00-18:00');
    // Tuesday 24 Nov 2026, 12:30 UTC = 13:30 in Berlin (CET, UTC+1).
    const tuesdayAfternoon = new Date('2026-11-24T12:30:00Z');
    expect(berlinTime(tuesdayAfternoon)).toEqual({ date: '2026-11-24', weekday: 2, time: '13:30' });
    expect(openingState(hours, tuesdayAfternoon)).toMatchObject({ open: true, until: '18:00' });
    // 06:30 UTC in summer is 08:30 in Berlin (CEST, UTC+2): open; in winter 07:30: not yet.
    expect(openingState(hours, new Date('2026-07-01T06:30:00Z')).open).toBe(true);
    expect(openingState(hours, new Date('2026-12-02T06:30:00Z'))).toMatchObject({
      open: false,
      until: '08:00',
    });
    // Saturday: closed all day, nothing later today.
    expect(openingState(hours, new Date('2026-11-28T10:00:00Z'))).toMatchObject({
      open: false,
      until: null,
      today: [],
    });
  });

  it('lets a dated exception override the weekly hours', () => {
    const hours = parseOpeningHours('Mo-Fr 08:00-12:00; 2026-12-24 geschlossen');
    const christmasEve = new Date('2026-12-24T09:00:00Z');
    expect(openingState(hours, christmasEve)).toMatchObject({ open: false, exception: true, today: [] });
  });
});
