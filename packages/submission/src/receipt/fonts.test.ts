import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fontFiles, loadReceiptFonts, type ParsedFont, type ReceiptFont } from './fonts.js';

interface Run {
  glyphs: Array<{ id: number }>;
  positions: Array<Record<string, number>>;
  advanceWidth: number;
}

const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as {
  create(bytes: Uint8Array): ParsedFont;
};

function parsed(font: ReceiptFont): ParsedFont {
  if (font instanceof Uint8Array) throw new Error('the receipt font was not parsed by fontkit');
  return font;
}

const plain = (run: Run) => ({
  glyphs: run.glyphs.map((glyph) => glyph.id),
  positions: run.positions.map((position) => ({ ...position })),
  advanceWidth: run.advanceWidth,
});

describe('the shared receipt font keeps its shaping across documents', () => {
  it('gives every call its own run, equal to a fresh fontkit layout, unaffected by in-place scaling', async () => {
    const regular = parsed((await loadReceiptFonts()).regular);
    const fresh = fontkit.create(new Uint8Array(await readFile(fontFiles.regular)));
    for (const text of ['Straße', 'Hundesteuer 120,00 €', 'ä ö ü ß', 'fi ffl Ω']) {
      const expected = plain(fresh.layout(text) as Run);
      const first = regular.layout(text) as Run;
      expect(plain(first)).toEqual(expected);
      // What pdfkit does to a run (EmbeddedFont.layoutRun): scale its positions in place.
      for (const position of first.positions)
        for (const key in position) position[key] = (position[key] ?? 0) * 3;
      const second = regular.layout(text) as Run;
      expect(plain(second)).toEqual(expected);
      expect(second.positions).not.toBe(first.positions);
    }
  });

  it('passes layouts with features through to fontkit unchanged', async () => {
    const bold = parsed((await loadReceiptFonts()).bold);
    const fresh = fontkit.create(new Uint8Array(await readFile(fontFiles.bold)));
    expect(plain(bold.layout('office', ['liga']) as Run)).toEqual(
      plain(fresh.layout('office', ['liga']) as Run),
    );
  });
});
