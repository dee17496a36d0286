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
    return isParsedFont(font) ? font : bytes;
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
