import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * DejaVu Sans (regular and bold) from the `dejavu-fonts-ttf` package. PDF/UA forbids the 14
 * standard fonts pdfkit ships (they are never embedded), and DejaVu covers German, the euro
 * sign and the other Latin, Greek and Cyrillic letters names can carry. The files are
 * resolved through Node's resolver, so they are found from an installed copy of this
 * package as well as in the monorepo.
 */
const require = createRequire(import.meta.url);

export const fontFiles = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

/** A font pdfkit can register: the file's bytes, or a font fontkit has already parsed. */
export type ReceiptFont = Uint8Array | ParsedFont;

/** The part of a fontkit `Font` pdfkit checks for (`typeof src.layout === 'function'`). */
export interface ParsedFont {
  layout(text: string, features?: unknown): unknown;
}

export interface ReceiptFonts {
  regular: ReceiptFont;
  bold: ReceiptFont;
}

interface Fontkit {
  create(buffer: Uint8Array): unknown;
}

function isParsedFont(value: unknown): value is ParsedFont {
  return typeof (value as Partial<ParsedFont> | null)?.layout === 'function';
}

/** The part of fontkit's GlyphRun pdfkit reads; pdfkit scales `positions` in place. */
interface GlyphRunLike {
  glyphs: unknown[];
  positions: Array<Record<string, number>>;
  readonly advanceWidth: number;
}

const maxMemoizedRuns = 20_000;

/**
 * Shaping a word (fontkit's `layout`: GSUB and GPOS lookups) took about a third of an
 * application PDF's CPU time, redone in every document because pdfkit's word cache lives in
 * the document. The shaping of a text depends only on the font and the text, so it is kept
 * per process: each call still gets its own run, with fresh positions (pdfkit scales them in
 * place) and the same read-only glyphs. Only calls without features are kept (pdfkit's word
 * layout); anything else goes to fontkit as before.
 */
function withLayoutMemo(font: ParsedFont): ParsedFont {
  const runs = new Map<string, { glyphs: unknown[]; positions: Array<Record<string, number>> }>();
  const shape = font.layout.bind(font) as (text: string, ...rest: unknown[]) => GlyphRunLike;
  const layout = (text: string, ...rest: unknown[]): GlyphRunLike => {
    if (rest.some((argument) => argument !== undefined)) return shape(text, ...rest);
    let kept = runs.get(text);
    if (!kept) {
      const run = shape(text);
      kept = { glyphs: run.glyphs, positions: run.positions.map((position) => ({ ...position })) };
      if (runs.size >= maxMemoizedRuns) runs.clear();
      runs.set(text, kept);
    }
    const positions = kept.positions.map((position) => ({ ...position }));
    return {
      glyphs: [...kept.glyphs],
      positions,
      get advanceWidth() {
        let width = 0;
        for (const position of positions) width += position.xAdvance ?? 0;
        return width;
      },
    };
  };
  // Everything else is the font itself (getters run on it, so fontkit's own caches fill it).
  return new Proxy(font, {
    get: (target, property) => (property === 'layout' ? layout : Reflect.get(target, property)),
  });
}

/**
 * Parsing a 750 kB TrueType file takes most of a receipt's time (≈ 30 of 40 ms), so the
 * fonts are parsed once per process and shared: pdfkit ≥ 0.20 accepts a parsed fontkit font
 * and makes its own subset per document, and fontkit fonts are read-only after parsing.
 * fontkit is loaded from pdfkit's own dependencies, so it is always the copy pdfkit was
 * built against; if that ever fails, the bytes are registered instead (slower, same PDF).
 */
function parseWithPdfkitsFontkit(bytes: Uint8Array): ReceiptFont {
  try {
    const fromPdfkit = createRequire(require.resolve('pdfkit'));
    const fontkit = fromPdfkit('fontkit') as Fontkit;
    const font = fontkit.create(bytes);
    return isParsedFont(font) ? withLayoutMemo(font) : bytes;
  } catch {
    return bytes;
  }
}

let loading: Promise<ReceiptFonts> | undefined;

export function loadReceiptFonts(): Promise<ReceiptFonts> {
  loading ??= Promise.all([readFile(fontFiles.regular), readFile(fontFiles.bold)]).then(
    ([regular, bold]) => ({
      regular: parseWithPdfkitsFontkit(new Uint8Array(regular)),
      bold: parseWithPdfkitsFontkit(new Uint8Array(bold)),
    }),
    (error: unknown) => {
      // A failed read (a broken install) must not stick: the next receipt tries again.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * Loads and parses the fonts and lays out a few letters, so the first citizen's receipt does
 * not wait for it (≈ 0.5 s on a cold process). Optional: call it at server start.
 */
export async function preloadReceiptFonts(): Promise<void> {
  const fonts = await loadReceiptFonts();
  for (const font of [fonts.regular, fonts.bold]) {
    if (isParsedFont(font)) font.layout('Aä€ 1');
  }
}
