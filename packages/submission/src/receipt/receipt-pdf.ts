import {
  authorityText,
  factRows,
  parseView,
  translatorFor,
  twoColumns,
  writeAttachments,
  writeFee,
  writeSummary,
} from './content.js';
import { receiptError } from './errors.js';
import { loadReceiptFonts } from './fonts.js';
import { formatBerlinInstant, pdfLanguage, printable, xmpSafeTitle } from './format.js';
import { TaggedDocument } from './tagged-document.js';
import { type ReceiptView, receiptViewSchema } from './view.js';

/**
 * The citizen's receipt (Eingangsbestätigung) as PDF/UA-1: reference, time of receipt,
 * authority and service, the delivery status as it really is, the answers, the attachments
 * with their SHA-512, the fee, and what happens next.
 */
export async function renderReceiptPdf(input: ReceiptView): Promise<Uint8Array> {
  const view = parseView(receiptViewSchema, input);
  const t = translatorFor(view.locale);
  const fonts = await loadReceiptFonts();
  const service = printable(view.service.name);
  const submittedAt = formatBerlinInstant(view.submittedAt, view.locale);
  try {
    const doc = new TaggedDocument({
      title: xmpSafeTitle(t('receipt.documentTitle', { service, reference: view.reference }), view.locale),
      lang: pdfLanguage(view.locale),
      creationDate: new Date(view.submittedAt),
      fonts,
    });
    const status = view.delivery.status;
    doc.heading(1, t('receipt.title'));
    doc.paragraph(t('receipt.intro', { service, submittedAt }));
    doc.section(() => {
      doc.heading(2, t('facts.heading'));
      doc.table({
        columns: twoColumns('', ''),
        columnHeaders: false,
        rowHeaders: true,
        rows: [...factRows(view), [t('facts.delivery'), t(`delivery.short.${status}`)]],
      });
    });
    doc.section(() => {
      doc.heading(2, t('delivery.heading'));
      doc.paragraph(t(`delivery.long.${status}`));
      const rows = [[t('delivery.status'), t(`delivery.short.${status}`)]];
      if (view.delivery.submissionId) rows.push([t('delivery.submissionId'), view.delivery.submissionId]);
      if (view.delivery.caseId) rows.push([t('delivery.caseId'), view.delivery.caseId]);
      if (view.delivery.at) rows.push([t('delivery.at'), formatBerlinInstant(view.delivery.at, view.locale)]);
      doc.table({ columns: twoColumns('', ''), columnHeaders: false, rowHeaders: true, rows });
    });
    writeSummary(doc, view, 'summary.heading');
    writeAttachments(doc, view);
    writeFee(doc, view);
    doc.section(() => {
      doc.heading(2, t('next.heading'));
      doc.paragraph(t(`next.${status}`));
      doc.paragraph(t('next.contact', { authority: authorityText(view).replace(/\n/g, ', ') }));
    });
    return await doc.finish((page, pages) => t('footer.page', { reference: view.reference, page, pages }));
  } catch (error) {
    throw receiptError('RECEIPT_RENDER_FAILED', undefined, { cause: error });
  }
}
