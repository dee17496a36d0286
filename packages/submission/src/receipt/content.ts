import { formatMoney, type Locale } from '@efa-kit/core';
import type { z } from 'zod';
import { receiptError } from './errors.js';
import { formatBerlinInstant, formatFileSize, printable } from './format.js';
import { type ReceiptMessageKey, translateReceipt } from './messages.js';
import type { TaggedDocument } from './tagged-document.js';
import type { ParsedApplicationView } from './view.js';

/** The parts the receipt and the application PDF have in common. */

export function translatorFor(locale: Locale) {
  return (key: ReceiptMessageKey, params?: Record<string, string | number>) =>
    translateReceipt(locale, key, params);
}

/** Parses with the view's schema; a bad view is reported by its first wrong field. */
export function parseView<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const path = result.error.issues[0]?.path.map(String).join('.') || '(root)';
  throw receiptError('RECEIPT_VIEW_INVALID', { path }, { details: { issues: result.error.issues.length } });
}

/** Multi-line text as one cell: trailing blank lines dropped so no empty line is set. */
function cellText(text: string): string {
  return printable(text).replace(/\s+$/, '');
}

export function authorityText(view: ParsedApplicationView): string {
  return [view.authority.name, view.authority.address, view.authority.contact]
    .filter((part): part is string => Boolean(part?.trim()))
    .map(cellText)
    .join('\n');
}

export function factRows(view: ParsedApplicationView): string[][] {
  const t = translatorFor(view.locale);
  return [
    [t('facts.reference'), view.reference],
    [t('facts.submittedAt'), formatBerlinInstant(view.submittedAt, view.locale)],
    [
      t('facts.service'),
      t('facts.serviceValue', { service: cellText(view.service.name), leikaKey: view.service.leikaKey }),
    ],
    [t('facts.authority'), authorityText(view)],
  ];
}

export function twoColumns(first: string, second: string) {
  return [
    { header: first, share: 0.36 },
    { header: second, share: 0.64 },
  ];
}

export function writeSummary(
  doc: TaggedDocument,
  view: ParsedApplicationView,
  heading: ReceiptMessageKey,
): void {
  const t = translatorFor(view.locale);
  doc.section(() => {
    doc.heading(2, t(heading));
    const sections = view.summary.filter((section) => section.lines.length > 0);
    if (sections.length === 0) doc.paragraph(t('summary.empty'));
    for (const section of sections) {
      const body = () =>
        doc.table({
          columns: [
            { header: t('summary.question'), share: 0.42 },
            { header: t('summary.answer'), share: 0.58 },
          ],
          columnHeaders: true,
          rowHeaders: true,
          rows: section.lines.map((line) => [
            cellText(line.label) || '–',
            cellText(line.value) || t('summary.noAnswer'),
          ]),
        });
      // A section without a title (a one-page form) is a table under the H2 directly.
      if (section.title.trim()) {
        doc.section(() => {
          doc.heading(3, cellText(section.title));
          body();
        });
      } else {
        body();
      }
    }
  });
}

export function writeAttachments(doc: TaggedDocument, view: ParsedApplicationView): void {
  const t = translatorFor(view.locale);
  doc.section(() => {
    doc.heading(2, t('attachments.heading'));
    if (view.attachments.length === 0) {
      doc.paragraph(t('attachments.none'));
      return;
    }
    doc.table({
      columns: [
        { header: t('attachments.filename'), share: 0.28 },
        { header: t('attachments.type'), share: 0.2 },
        { header: t('attachments.size'), share: 0.12 },
        { header: t('attachments.sha512'), share: 0.4 },
      ],
      columnHeaders: true,
      rowHeaders: true,
      rows: view.attachments.map((attachment) => [
        cellText(attachment.filename),
        cellText(attachment.mimeType),
        formatFileSize(attachment.size, view.locale),
        // Lower case as FIT-Connect's metadata carries it; a hex string has no break
        // opportunity, so pdfkit breaks it inside the cell without adding characters.
        attachment.sha512.toLowerCase(),
      ]),
    });
    doc.paragraph(t('attachments.hint'), { muted: true });
  });
}

export function writeFee(doc: TaggedDocument, view: ParsedApplicationView): void {
  const fee = view.fee;
  if (!fee) return;
  const t = translatorFor(view.locale);
  doc.section(() => {
    doc.heading(2, t('fee.heading'));
    doc.table({
      columns: twoColumns('', ''),
      columnHeaders: false,
      rowHeaders: true,
      rows: [
        [t('fee.amount'), formatMoney(fee.amountCents, view.locale)],
        [t('fee.kassenzeichen'), cellText(fee.kassenzeichen)],
        [t('fee.paymentMethod'), t(`fee.method.${fee.paymentMethod}`)],
      ],
    });
  });
}
