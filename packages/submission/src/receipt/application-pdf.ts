import {
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
import { formatBerlinInstant, formatUtcInstant, pdfLanguage, printable, xmpSafeTitle } from './format.js';
import { TaggedDocument } from './tagged-document.js';
import { type ApplicationView, applicationViewSchema } from './view.js';

/**
 * The application as the authority receives it, sent along as the FIT-Connect attachment
 * with purpose `form`: the same facts and answers as the receipt, without the delivery
 * status (which the PDF cannot know when it is encrypted) and without the citizen's
 * next steps. PDF/UA-1 as well: caseworkers use screen readers too.
 */
export async function renderApplicationPdf(input: ApplicationView): Promise<Uint8Array> {
  const view = parseView(applicationViewSchema, input);
  const t = translatorFor(view.locale);
  const fonts = await loadReceiptFonts();
  const service = printable(view.service.name);
  try {
    const doc = new TaggedDocument({
      title: xmpSafeTitle(
        t('application.documentTitle', { service, reference: view.reference }),
        view.locale,
      ),
      lang: pdfLanguage(view.locale),
      creationDate: new Date(view.submittedAt),
      fonts,
    });
    doc.heading(1, t('application.title', { service }));
    doc.paragraph(
      t('application.intro', { submittedAt: formatBerlinInstant(view.submittedAt, view.locale) }),
    );
    doc.section(() => {
      doc.heading(2, t('facts.headingApplication'));
      const [reference, submittedAt, ...rest] = factRows(view);
      const rows = [
        reference,
        submittedAt,
        [t('facts.submittedAtUtc'), formatUtcInstant(view.submittedAt)],
        ...rest,
      ];
      doc.table({
        columns: twoColumns('', ''),
        columnHeaders: false,
        rowHeaders: true,
        rows: rows.filter((row): row is string[] => row !== undefined),
      });
    });
    writeSummary(doc, view, 'summary.headingApplication');
    writeAttachments(doc, view);
    writeFee(doc, view);
    return await doc.finish((page, pages) => t('footer.page', { reference: view.reference, page, pages }));
  } catch (error) {
    throw receiptError('RECEIPT_RENDER_FAILED', undefined, { cause: error });
  }
}
