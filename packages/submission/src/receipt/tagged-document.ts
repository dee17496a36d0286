import type { ReceiptFonts } from './fonts.js';
import { TaggedPdfDocument } from './pdfkit-types.js';

/**
 * A small layout engine over pdfkit that writes PDF/UA-1: every piece of text is marked
 * content inside a structure element (H1–H3, P, Table/TR/TH/TD), everything else (rules,
 * backgrounds, repeated table headers, page footers) is an artifact, and the content is
 * written in reading order. Tables are laid out here rather than with pdfkit's `table()`,
 * which clamps a row taller than a page (an answer would be cut off) and tags its borders
 * as cell content.
 */

export interface DocumentSetup {
  title: string;
  /** BCP 47 tag for the catalog's /Lang, e.g. "de-DE". */
  lang: string;
  /** Fixed so the same view gives the same bytes (file id and XMP derive from it). */
  creationDate: Date;
  fonts: ReceiptFonts;
}

export interface TableColumn {
  header: string;
  /** Share of the text width, the shares of a table adding up to 1. */
  share: number;
}

export interface TableSpec {
  columns: readonly TableColumn[];
  /** Show the column headers (TH, scope Column); repeated as an artifact after a page break. */
  columnHeaders: boolean;
  /** The first cell of each row heads it (TH, scope Row). */
  rowHeaders: boolean;
  rows: readonly (readonly string[])[];
}

const regular = 'DejaVuSans';
const bold = 'DejaVuSans-Bold';
const margins = { top: 56, bottom: 72, left: 56, right: 56 };
const colours = { text: '#1a1a1a', muted: '#4d4d4d', rule: '#767676', headerBackground: '#e8e8e8' };
const sizes = { h1: 18, h2: 13, h3: 11, body: 10, table: 9.5, footer: 8 };
const lineGap = 2;
const cellPadding = { x: 5, y: 4 };

type Structure = PDFKit.PDFStructureElement;

export class TaggedDocument {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Uint8Array[] = [];
  private readonly finished: Promise<void>;
  private readonly root: Structure;
  private container: Structure;

  constructor(setup: DocumentSetup) {
    this.doc = new TaggedPdfDocument({
      pdfVersion: '1.7',
      subset: 'PDF/UA',
      tagged: true,
      lang: setup.lang,
      displayTitle: true,
      info: { Title: setup.title, Creator: 'EfA Kit', CreationDate: setup.creationDate },
      size: 'A4',
      margins,
      // Pages stay in memory until the end so the footers can say "page n of N".
      bufferPages: true,
    });
    this.doc.on('data', (chunk: Uint8Array) => this.chunks.push(chunk));
    this.finished = new Promise((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    // @types/pdfkit does not know that pdfkit 0.20 takes parsed fontkit fonts (see fonts.ts).
    this.doc.registerFont(regular, setup.fonts.regular as PDFKit.Mixins.PDFFontSource);
    this.doc.registerFont(bold, setup.fonts.bold as PDFKit.Mixins.PDFFontSource);
    this.doc.font(regular).fontSize(sizes.body).fillColor(colours.text);
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.container = this.root;
  }

  private get left(): number {
    return this.doc.page.margins.left;
  }

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.maxY();
  }

  private atPageTop(): boolean {
    return this.doc.y <= this.doc.page.margins.top + 0.5;
  }

  private newPage(): void {
    this.doc.addPage();
  }

  private ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom && !this.atPageTop()) this.newPage();
  }

  /** Draws decoration outside the structure tree. */
  private artifact(type: 'Layout' | 'Pagination', draw: () => void): void {
    this.doc.markContent('Artifact', type === 'Pagination' ? { type, attached: ['Bottom'] } : { type });
    this.doc.save();
    draw();
    this.doc.restore();
    this.doc.endMarkedContent();
  }

  private rule(y: number): void {
    this.artifact('Layout', () => {
      this.doc
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .lineWidth(0.5)
        .strokeColor(colours.rule)
        .stroke();
    });
  }

  /** A `Sect` with its own heading and content; headings inside it belong to it. */
  section(build: () => void): void {
    const outer = this.container;
    const section = this.doc.struct('Sect');
    outer.add(section);
    this.container = section;
    try {
      build();
    } finally {
      this.container = outer;
      section.end();
    }
  }

  heading(level: 1 | 2 | 3, text: string): void {
    const size = level === 1 ? sizes.h1 : level === 2 ? sizes.h2 : sizes.h3;
    const before = level === 1 ? 0 : level === 2 ? 16 : 10;
    this.doc.font(bold).fontSize(size);
    const height = this.doc.heightOfString(text, { width: this.width, lineGap });
    // Keep a heading with at least three lines of what it heads.
    this.ensureSpace(before + height + 3 * (sizes.body + lineGap + 4));
    if (!this.atPageTop()) this.doc.y += before;
    const y = this.doc.y;
    this.container.add(
      this.doc.struct(`H${level}`, {}, () => {
        this.doc.fillColor(colours.text).text(text, this.left, y, { width: this.width, lineGap });
      }),
    );
    this.doc.y += level === 1 ? 8 : 4;
  }

  paragraph(text: string, options: { muted?: boolean } = {}): void {
    this.doc.font(regular).fontSize(sizes.body);
    this.ensureSpace(this.doc.currentLineHeight(true) + lineGap);
    const y = this.doc.y;
    this.container.add(
      this.doc.struct('P', {}, () => {
        this.doc
          .fillColor(options.muted ? colours.muted : colours.text)
          .text(text, this.left, y, { width: this.width, lineGap });
      }),
    );
    this.doc.y += 6;
  }

  table(spec: TableSpec): void {
    const widths = spec.columns.map((column) => column.share * this.width);
    const xs = widths.map((_, index) => this.left + widths.slice(0, index).reduce((sum, w) => sum + w, 0));
    const table = this.doc.struct('Table');
    this.container.add(table);
    const header = spec.columnHeaders ? spec.columns.map((column) => column.header) : null;
    const headerHeight = header ? this.rowHeight(header, widths, () => true) : 0;
    const isHeader = (index: number) => spec.rowHeaders && index === 0;
    const contentHeight = this.bottom - this.doc.page.margins.top;

    const firstRow = spec.rows[0];
    const firstHeight = firstRow ? this.rowHeight(firstRow, widths, isHeader) : 0;
    this.ensureSpace(headerHeight + Math.min(firstHeight, contentHeight / 3));
    if (header) this.headerRow(header, widths, xs, headerHeight, table);

    for (const row of spec.rows) {
      const height = this.rowHeight(row, widths, isHeader);
      if (this.doc.y + height > this.bottom) {
        if (headerHeight + height <= contentHeight) {
          this.newPage();
          if (header) this.headerRow(header, widths, xs, headerHeight, null);
        } else {
          this.stackedRow(row, isHeader, table);
          continue;
        }
      }
      const top = this.doc.y;
      const tr = this.doc.struct('TR');
      table.add(tr);
      row.forEach((text, index) => {
        const heads = isHeader(index);
        tr.add(
          this.doc.struct(heads ? 'TH' : 'TD', heads ? { scope: 'Row' } : {}, () => {
            this.cellText(text, xs[index] ?? this.left, top, widths[index] ?? this.width, heads);
          }),
        );
      });
      tr.end();
      this.doc.y = top + height;
      this.rule(this.doc.y);
    }
    table.end();
    this.doc.x = this.left;
    this.doc.y += 8;
  }

  private cellFont(heads: boolean): void {
    this.doc.font(heads ? bold : regular).fontSize(sizes.table);
  }

  private rowHeight(
    row: readonly string[],
    widths: readonly number[],
    heads: (index: number) => boolean,
  ): number {
    let height = 0;
    row.forEach((text, index) => {
      this.cellFont(heads(index));
      const width = (widths[index] ?? this.width) - 2 * cellPadding.x;
      height = Math.max(height, this.doc.heightOfString(text, { width, lineGap }));
    });
    return Math.max(height, this.doc.currentLineHeight(true)) + 2 * cellPadding.y;
  }

  private cellText(text: string, x: number, top: number, width: number, heads: boolean): void {
    this.cellFont(heads);
    this.doc.fillColor(colours.text).text(text, x + cellPadding.x, top + cellPadding.y, {
      width: width - 2 * cellPadding.x,
      lineGap,
    });
  }

  /**
   * The column headers: tagged once (TH, scope Column), repeated on later pages as a
   * pagination artifact so a screen reader does not read them again mid-table.
   */
  private headerRow(
    header: readonly string[],
    widths: readonly number[],
    xs: readonly number[],
    height: number,
    table: Structure | null,
  ): void {
    const top = this.doc.y;
    this.artifact('Layout', () => {
      this.doc.rect(this.left, top, this.width, height).fill(colours.headerBackground);
    });
    if (table) {
      const tr = this.doc.struct('TR');
      table.add(tr);
      header.forEach((text, index) => {
        tr.add(
          this.doc.struct('TH', { scope: 'Column' }, () => {
            this.cellText(text, xs[index] ?? this.left, top, widths[index] ?? this.width, true);
          }),
        );
      });
      tr.end();
    } else {
      this.artifact('Pagination', () => {
        header.forEach((text, index) => {
          this.cellText(text, xs[index] ?? this.left, top, widths[index] ?? this.width, true);
        });
      });
    }
    this.doc.y = top + height;
    this.rule(this.doc.y);
  }

  /**
   * A row taller than a page (a very long answer): its cells are set one below the other
   * across the full width and flow over as many pages as they need, so nothing is cut off.
   */
  private stackedRow(row: readonly string[], heads: (index: number) => boolean, table: Structure): void {
    const tr = this.doc.struct('TR');
    table.add(tr);
    row.forEach((text, index) => {
      const isHeader = heads(index);
      this.cellFont(isHeader);
      this.ensureSpace(this.doc.currentLineHeight(true) + 2 * cellPadding.y);
      const top = this.doc.y;
      tr.add(
        this.doc.struct(isHeader ? 'TH' : 'TD', isHeader ? { scope: 'Row' } : {}, () => {
          this.cellText(text, this.left, top, this.width, isHeader);
        }),
      );
      this.doc.y += cellPadding.y;
    });
    tr.end();
    this.rule(this.doc.y);
  }

  /** Writes the page footers, ends the document and returns its bytes. */
  async finish(footer: (page: number, pages: number) => string): Promise<Uint8Array> {
    const range = this.doc.bufferedPageRange();
    for (let index = 0; index < range.count; index += 1) {
      this.doc.switchToPage(range.start + index);
      const text = footer(index + 1, range.count);
      this.artifact('Pagination', () => {
        this.doc.font(regular).fontSize(sizes.footer).fillColor(colours.muted);
        const x = this.left + this.width - this.doc.widthOfString(text);
        // Below the bottom margin; `lineBreak: false` keeps pdfkit from starting a new page there.
        this.doc.text(text, x, this.doc.page.height - margins.bottom + 28, { lineBreak: false });
      });
    }
    this.root.end();
    this.doc.end();
    await this.finished;
    const length = this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const chunk of this.chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  }
}
