import { centsToDecimal } from '@efa-kit/core';
import type { ExportOutput, PaymentStatus } from '../schema/index.js';
import { paymentError } from './errors.js';
import type { PaymentService } from './service.js';
import type { PaymentRow } from './storage.js';

/**
 * The cash office's reconciliation file: one line per line item (each item has its own
 * booking data), semicolon-separated with decimal commas as German spreadsheet and HKR
 * imports expect, RFC 4180 quoting, and cells that could start a spreadsheet formula defused.
 */
export const exportColumns = [
  'Kassenzeichen',
  'Zahlungs-ID',
  'Leistung',
  'Status',
  'Gesamtbetrag',
  'Waehrung',
  'Posten',
  'Postenbetrag',
  'Haushaltsstelle',
  'Sachkonto',
  'Objektnummer',
  'Buchungsdaten',
  'Zahlungsart',
  'Transaktions-ID',
  'Anbieter-Referenz',
  'Angelegt',
  'Bezahlt',
  // Last, so imports that read the columns above by position keep working. Two paid payments
  // for one application (the answers changed the fee) show here for the refund.
  'Antrags-ID',
] as const;

const maxDays = 366;

function cell(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

function amount(cents: number): string {
  return centsToDecimal(cents).replace('.', ',');
}

/** Midnight in Germany (Europe/Berlin) at the start of an ISO date, as an instant. */
export function berlinMidnight(isoDate: string): Date {
  const utcMidnight = new Date(`${isoDate}T00:00:00Z`);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' })
    .formatToParts(utcMidnight)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(offset ?? '');
  const minutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0)) : 0;
  return new Date(utcMidnight.getTime() - minutes * 60_000);
}

/** The export's header line (with its CRLF). */
export function paymentsCsvHeader(): string {
  return `${exportColumns.join(';')}\r\n`;
}

export function paymentsCsv(rows: readonly PaymentRow[]): string {
  return paymentsCsvHeader() + paymentsCsvLines(rows);
}

/** The lines of some payments (one per line item, each with its CRLF); empty for none. */
export function paymentsCsvLines(rows: readonly PaymentRow[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    for (const item of row.items) {
      const { Haushaltsstelle = '', Sachkonto = '', Objektnummer = '', ...rest } = item.bookingData;
      lines.push(
        [
          row.kassenzeichen,
          row.id,
          row.service_id,
          row.status,
          amount(row.total_cents),
          'EUR',
          item.description.de,
          amount(item.totalCents),
          Haushaltsstelle,
          Sachkonto,
          Objektnummer,
          Object.entries(rest)
            .map(([key, value]) => `${key}=${value}`)
            .join('|'),
          row.provider_method ?? '',
          row.provider_transaction_id ?? '',
          row.provider_reference ?? '',
          row.created_at.toISOString(),
          row.paid_at ? row.paid_at.toISOString() : '',
          row.application_id ?? '',
        ]
          .map(cell)
          .join(';'),
      );
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

/** Rows per database read of an export: memory and event-loop time stay bounded per page. */
export const exportPageSize = 500;

type ExportInput = { from: string; to: string; statuses?: readonly PaymentStatus[] | undefined };

/**
 * The export's period as instants (German calendar days, both inclusive) and its file name;
 * PAYMENT_EXPORT_TOO_LONG beyond a year. Checked before anything is read or sent.
 */
export function exportPeriod(input: ExportInput): { from: Date; to: Date; filename: string } {
  const from = berlinMidnight(input.from);
  const nextDay = new Date(`${input.to}T00:00:00Z`);
  nextDay.setUTCDate(nextDay.getUTCDate() + 1);
  const to = berlinMidnight(nextDay.toISOString().slice(0, 10));
  if ((to.getTime() - from.getTime()) / 86_400_000 > maxDays + 1) {
    throw paymentError('PAYMENT_EXPORT_TOO_LONG', { days: maxDays });
  }
  return { from, to, filename: `zahlungen_${input.from}_${input.to}.csv` };
}

/**
 * The export as text chunks: the header, then the lines of one page of payments at a time.
 * A year of a state's payments is read and written page by page (issue 17: the whole period
 * in one read and one string took seconds per 10,000 payments and held the server meanwhile).
 */
export async function* exportPaymentChunks(
  service: Pick<PaymentService, 'rows'>,
  input: ExportInput,
  pageSize = exportPageSize,
): AsyncGenerator<string, number> {
  const { from, to } = exportPeriod(input);
  yield paymentsCsvHeader();
  let afterId: string | undefined;
  let count = 0;
  for (;;) {
    const rows = await service.rows(from, to, input.statuses, {
      limit: pageSize,
      ...(afterId !== undefined ? { afterId } : {}),
    });
    count += rows.length;
    if (rows.length > 0) yield paymentsCsvLines(rows);
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return count;
    afterId = last.id;
  }
}

/** Payments created in the period (German calendar days, both inclusive), as one file. */
export async function exportPayments(service: PaymentService, input: ExportInput): Promise<ExportOutput> {
  const { filename } = exportPeriod(input);
  const chunks: string[] = [];
  const pages = exportPaymentChunks(service, input);
  let next = await pages.next();
  while (!next.done) {
    chunks.push(next.value);
    next = await pages.next();
  }
  return { filename, contentType: 'text/csv; charset=utf-8', csv: chunks.join(''), rows: next.value };
}
