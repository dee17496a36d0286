import type { AnswerSection } from '@efa-kit/core/server';
import { describe, expect, it } from 'vitest';
import { dogSummary, longSummary, receiptView, reference, sha512 } from './fixtures.test.support.js';
import { renderApplicationPdf, renderReceiptPdf } from './index.js';
import { readPdf } from './read-pdf.test.support.js';
import type { ReceiptView } from './view.js';

// Rendering and reading a PDF is CPU work; the machine is shared, so allow plenty of time.
const slow = { timeout: 60_000 };

describe('renderReceiptPdf', () => {
  it('accepts core’s AnswerSection[] as the summary (type level)', () => {
    const summary: readonly AnswerSection[] = dogSummary;
    const view: ReceiptView = receiptView({ summary });
    expect(view.summary).toBe(summary);
  });

  it(
    'writes the reference, the date in Europe/Berlin and German umlauts and € into the text layer',
    slow,
    async () => {
      const pdf = await readPdf(await renderReceiptPdf(receiptView()));
      expect(pdf.text).toContain(reference);
      expect(pdf.text).toContain('Eingangsbestätigung');
      expect(pdf.text).toContain('3. Dezember 2026, 14:05 Uhr (MEZ)');
      expect(pdf.text).toContain('ä ö ü ß € Ä Ö Ü');
      expect(pdf.text).toContain('Jürgen Meißner-Özdemir');
      expect(pdf.text).toContain('Großer Münsterländer');
      expect(pdf.text).toContain('Hund anmelden (Leistungsschlüssel 99108008000000)');
      expect(pdf.text).toContain('12,50 €');
      expect(pdf.text).toContain('KZ-2026-000123');
      expect(pdf.text).toContain('giropay');
      expect(pdf.text).toContain('Impfpass-Bärbel.pdf');
      expect(pdf.text).toContain('123,5 kB');
      expect(pdf.text).toContain('1f0e7c9a-2b5d-4e6f-8a9b-0c1d2e3f4a5b');
      // The hash wraps inside its cell; the characters are all there, in order, none added.
      expect(pdf.text.replace(/\s+/g, '')).toContain(sha512);
      expect(pdf.text).toContain(`${reference} · Seite 1 von ${pdf.pageCount}`);
    },
  );

  it('is PDF/UA-1: tagged, language, title shown, XMP identification, embedded fonts', slow, async () => {
    const pdf = await readPdf(await renderReceiptPdf(receiptView()));
    expect(pdf.info.PDFFormatVersion).toBe('1.7');
    expect(pdf.info.Language).toBe('de-DE');
    expect(pdf.info.Title).toBe(`Eingangsbestätigung Hund anmelden (${reference})`);
    expect(pdf.markInfo?.get('Marked')).toBe(true);
    expect(pdf.raw).toMatch(/\/DisplayDocTitle true/);
    expect(pdf.raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(pdf.xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(pdf.xmp).toContain('<rdf:li xml:lang="x-default">Eingangsbestätigung Hund anmelden');
    // Two TrueType programs (regular and bold), each with a ToUnicode map for text extraction.
    expect(pdf.raw.match(/\/FontFile2 /g)).toHaveLength(2);
    expect(pdf.raw.match(/\/ToUnicode /g)).toHaveLength(2);
    expect(pdf.raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    // Every text and path is either tagged structure content or an artifact.
    expect(pdf.unmarkedOperations).toBe(0);
    expect(pdf.raw.match(/\/Tabs \/S/g)).toHaveLength(pdf.pageCount);
    expect(pdf.fonts.length).toBeGreaterThanOrEqual(2);
    for (const font of pdf.fonts) {
      expect(font.missingFile).toBe(false);
      expect(font.isType3Font).toBe(false);
      expect(font.name).toMatch(/DejaVuSans/);
    }
  });

  it('has a structure tree with headings, paragraphs and tables with scoped header cells', slow, async () => {
    const pdf = await readPdf(await renderReceiptPdf(receiptView()));
    for (const role of ['Document', 'H1', 'H2', 'H3', 'P', 'Sect', 'Table', 'TR', 'TH', 'TD']) {
      expect(pdf.roles, role).toContain(role);
    }
    expect(pdf.headerScopes.length).toBeGreaterThan(0);
    expect(pdf.headerScopes.every((scope) => scope === 'Row' || scope === 'Column')).toBe(true);
    expect(pdf.headerScopes).toContain('Column');
  });

  it('tells the delivery status honestly for every state', slow, async () => {
    const expected = {
      pending: ['Wird übermittelt', 'noch nicht zugegangen'],
      submitted: ['Übermittelt', 'Der Zustelldienst hat den Antrag angenommen'],
      accepted: ['Von der Behörde angenommen', 'den Eingang bestätigt'],
      rejected: ['Von der Behörde zurückgewiesen', 'wenden Sie sich unter Angabe Ihres Aktenzeichens'],
      failed: ['Übermittlung fehlgeschlagen', 'Stellen Sie den Antrag bitte nicht neu'],
    } as const;
    for (const [status, phrases] of Object.entries(expected)) {
      const view = receiptView({ delivery: { status: status as keyof typeof expected } });
      const text = (await readPdf(await renderReceiptPdf(view))).text.replace(/\s+/g, ' ');
      for (const phrase of phrases) expect(text, status).toContain(phrase);
      // "übermittelt" as a done fact appears only once the delivery service has the submission.
      if (status === 'pending' || status === 'failed') {
        expect(text, status).not.toContain('an die Behörde übermittelt:');
        expect(text, status).not.toMatch(/Stand der Übermittlung Übermittelt/);
      }
    }
  });

  it('gives English text for the English locale', slow, async () => {
    const pdf = await readPdf(
      await renderReceiptPdf(receiptView({ locale: 'en', delivery: { status: 'pending' } })),
    );
    expect(pdf.info.Language).toBe('en-GB');
    const text = pdf.text.replace(/\s+/g, ' ');
    expect(text).toContain('Confirmation of receipt');
    expect(text).toContain('3 December 2026, 14:05 (CET)');
    expect(text).toContain('Being delivered');
    expect(text).toContain('What happens next');
    expect(text).toContain('€12.50');
    expect(text).toContain(`Page 1 of ${pdf.pageCount}`);
    expect(text).not.toContain('Eingangsbestätigung');
    expect(text).not.toContain('Seite');
  });

  it('shows summer time as MESZ', slow, async () => {
    const pdf = await readPdf(await renderReceiptPdf(receiptView({ submittedAt: '2026-07-03T13:05:00Z' })));
    expect(pdf.text).toContain('3. Juli 2026, 15:05 Uhr (MESZ)');
  });

  it('spreads 300 answers over several pages and keeps every one, in order', slow, async () => {
    const pdf = await readPdf(await renderReceiptPdf(receiptView({ summary: longSummary(300) })));
    expect(pdf.pageCount).toBeGreaterThanOrEqual(5);
    expect(pdf.unmarkedOperations).toBe(0);
    let last = -1;
    for (let index = 1; index <= 300; index += 1) {
      const n = String(index).padStart(3, '0');
      const position = pdf.text.indexOf(`Frage-${n}`);
      expect(position, n).toBeGreaterThan(last);
      expect(pdf.text).toContain(`Antwort-${n} Einkommen im Monat ${n} in Euro`);
      last = position;
    }
    // The column headers repeat on later pages (as artifacts, outside the structure tree).
    expect(pdf.pages[3]).toContain('Angabe');
    pdf.pages.forEach((page, index) => {
      expect(page).toContain(`Seite ${index + 1} von ${pdf.pageCount}`);
    });
  });

  it('prints an answer longer than a page completely', slow, async () => {
    const words = Array.from({ length: 1_500 }, (_, index) => `Wort${index}`).join(' ');
    const view = receiptView({
      summary: [{ title: 'Begründung', lines: [{ label: 'Ihre Begründung', value: words }] }],
    });
    const pdf = await readPdf(await renderReceiptPdf(view));
    expect(pdf.pageCount).toBeGreaterThanOrEqual(3);
    expect(pdf.unmarkedOperations).toBe(0);
    const text = pdf.text.replace(/\s+/g, ' ');
    expect(text).toContain('Wort0 Wort1');
    expect(text).toContain('Wort1498 Wort1499');
    for (let index = 0; index < 1_500; index += 97) expect(text).toContain(`Wort${index} `);
  });

  it('is deterministic: the same view gives the same bytes', slow, async () => {
    const first = await renderReceiptPdf(receiptView());
    const second = await renderReceiptPdf(receiptView());
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const pdf = await readPdf(first);
    expect(pdf.info.CreationDate).toBe('D:20261203130500Z');
  });

  it('renders concurrent receipts independently (the parsed fonts are shared)', slow, async () => {
    const views = [receiptView(), receiptView({ locale: 'en' }), receiptView({ summary: longSummary(60) })];
    const [alone] = await Promise.all([renderReceiptPdf(views[0] as ReceiptView)]);
    const together = await Promise.all(views.map((view) => renderReceiptPdf(view)));
    expect(Buffer.from(together[0] as Uint8Array).equals(Buffer.from(alone as Uint8Array))).toBe(true);
    const english = await readPdf(together[1] as Uint8Array);
    expect(english.text).toContain('Confirmation of receipt');
    const long = await readPdf(together[2] as Uint8Array);
    expect(long.text).toContain('Antwort-060 Einkommen');
  });

  it('keeps the XMP well-formed when the service name has XML characters', slow, async () => {
    const view = receiptView({ service: { name: 'Hunde <groß> & klein', leikaKey: '99108008000000' } });
    const pdf = await readPdf(await renderReceiptPdf(view));
    expect(pdf.xmp).toContain('Hunde groß und klein');
    expect(pdf.text).toContain('Hunde <groß> & klein');
  });

  it('handles no attachments, no fee, an empty answer and control characters', slow, async () => {
    const view = receiptView({
      attachments: [],
      fee: undefined,
      summary: [
        {
          title: '',
          lines: [
            { label: 'Bemerkung', value: '' },
            { label: 'Tab', value: 'a\tb\u0007c\r\nd' },
          ],
        },
      ],
    });
    const pdf = await readPdf(await renderReceiptPdf(view));
    expect(pdf.text).toContain('keine Anlagen');
    expect(pdf.text).toContain('keine Angabe');
    expect(pdf.text).not.toContain('Kassenzeichen');
    expect(pdf.text).toMatch(/b c/);
  });

  it('refuses an invalid view with a coded error naming the field', async () => {
    await expect(renderReceiptPdf(receiptView({ submittedAt: 'gestern' }))).rejects.toMatchObject({
      code: 'RECEIPT_VIEW_INVALID',
      details: { path: 'submittedAt' },
    });
    const bad = { ...receiptView(), attachments: [{ filename: 'a', mimeType: 'b', size: 1, sha512: 'xyz' }] };
    await expect(renderReceiptPdf(bad)).rejects.toMatchObject({ code: 'RECEIPT_VIEW_INVALID' });
  });
});

describe('renderApplicationPdf', () => {
  it(
    'is the application as the authority gets it: answers, attachments, fee, no delivery status',
    slow,
    async () => {
      const { delivery: _delivery, ...application } = receiptView();
      const pdf = await readPdf(await renderApplicationPdf(application));
      expect(pdf.info.Title).toBe(`Antrag Hund anmelden (${reference})`);
      expect(pdf.info.Language).toBe('de-DE');
      expect(pdf.xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
      expect(pdf.markInfo?.get('Marked')).toBe(true);
      const text = pdf.text.replace(/\s+/g, ' ');
      expect(text).toContain('Antrag: Hund anmelden');
      expect(text).toContain(reference);
      expect(text).toContain('2026-12-03T13:05:00Z');
      expect(text).toContain('ä ö ü ß € Ä Ö Ü');
      expect(text).toContain('Angaben der antragstellenden Person');
      expect(text).toContain('KZ-2026-000123');
      expect(pdf.text.replace(/\s+/g, '')).toContain(sha512);
      expect(text).not.toContain('übermittelt');
      expect(text).not.toContain('Wie es weitergeht');
      for (const role of ['H1', 'H2', 'Table', 'TH', 'TD']) expect(pdf.roles, role).toContain(role);
      expect(pdf.raw.match(/\/FontFile2 /g)).toHaveLength(2);
    },
  );

  it('keeps all 300 answers of a long application', slow, async () => {
    const { delivery: _delivery, ...application } = receiptView({ summary: longSummary(300), locale: 'en' });
    const pdf = await readPdf(await renderApplicationPdf(application));
    expect(pdf.pageCount).toBeGreaterThanOrEqual(5);
    for (let index = 1; index <= 300; index += 1) {
      expect(pdf.text).toContain(`Frage-${String(index).padStart(3, '0')}`);
    }
    expect(pdf.text).toContain("The applicant's answers");
  });
});
