import PDFDocument from 'pdfkit';

/**
 * Where @types/pdfkit 0.17.6 lags pdfkit 0.20.2: the `PDF/UA` subset (pdfkit ≥ 0.15,
 * lib/mixins/subsets.js) and the table header `scope` option of structure elements
 * (pdfkit ≥ 0.19, lib/structure_element.js writes `/A << /O /Table /Scope … >>`).
 */
declare global {
  namespace PDFKit.Mixins {
    interface StructureElementOptions {
      scope?: 'Row' | 'Column' | 'Both';
    }
  }
}

export type TaggedDocumentOptions = Omit<PDFKit.PDFDocumentOptions, 'subset'> & { subset: 'PDF/UA' };

/** pdfkit's constructor, typed with the options it really accepts. */
export const TaggedPdfDocument = PDFDocument as unknown as new (
  options: TaggedDocumentOptions,
) => PDFKit.PDFDocument;
