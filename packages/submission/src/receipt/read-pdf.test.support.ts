import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** What the tests read back from a generated PDF, through pdf.js as a viewer would. */
export interface ReadBack {
  pageCount: number;
  /** Per page, the text layer with line ends. */
  pages: string[];
  text: string;
  /** Every structure role found in the pages' structure trees. */
  roles: Set<string>;
  /** Scopes of TH elements, in tree order. */
  headerScopes: string[];
  info: Record<string, unknown>;
  xmp: string;
  markInfo: Map<string, unknown> | null;
  fonts: { name: string; isType3Font: boolean; missingFile: boolean }[];
  /** Text or paths drawn outside any marked content (neither tagged nor an artifact). */
  unmarkedOperations: number;
  raw: string;
}

interface StructNode {
  role?: string;
  scope?: string;
  children?: StructNode[];
}

const painting = new Set<number>([
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
  OPS.constructPath,
  OPS.fill,
  OPS.stroke,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.paintImageXObject,
]);

function walk(node: StructNode, roles: Set<string>, scopes: string[]): void {
  if (node.role) roles.add(node.role);
  if (node.role === 'TH') scopes.push(node.scope ?? '');
  for (const child of node.children ?? []) walk(child, roles, scopes);
}

export async function readPdf(bytes: Uint8Array): Promise<ReadBack> {
  // pdf.js transfers the buffer it is given; the caller keeps its bytes.
  // fontExtraProperties: keep the font names, so the tests can tell which fonts are embedded.
  const task = getDocument({ data: bytes.slice(), fontExtraProperties: true });
  const pdf = await task.promise;
  try {
    const pages: string[] = [];
    const roles = new Set<string>();
    const headerScopes: string[] = [];
    const fonts = new Map<string, { name: string; isType3Font: boolean; missingFile: boolean }>();
    let unmarkedOperations = 0;
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(
        content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''),
      );
      const tree = (await page.getStructTree()) as StructNode | null;
      if (tree) walk(tree, roles, headerScopes);
      const operators = await page.getOperatorList();
      let depth = 0;
      operators.fnArray.forEach((fn, index) => {
        if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) depth += 1;
        if (fn === OPS.endMarkedContent) depth -= 1;
        if (depth <= 0 && painting.has(fn)) unmarkedOperations += 1;
        if (fn !== OPS.setFont) return;
        const loadedName = String((operators.argsArray[index] as unknown[])[0]);
        if (fonts.has(loadedName)) return;
        const font = page.commonObjs.get(loadedName) as {
          name: string;
          isType3Font: boolean;
          missingFile: boolean;
        };
        fonts.set(loadedName, {
          name: font.name,
          isType3Font: font.isType3Font,
          missingFile: font.missingFile,
        });
      });
    }
    const metadata = await pdf.getMetadata();
    return {
      pageCount: pdf.numPages,
      pages,
      text: pages.join('\n'),
      roles,
      headerScopes,
      info: metadata.info as Record<string, unknown>,
      xmp: metadata.metadata?.getRaw() ?? '',
      markInfo: (await pdf.getMarkInfo()) as Map<string, unknown> | null,
      fonts: [...fonts.values()],
      unmarkedOperations,
      raw: new TextDecoder('latin1').decode(bytes),
    };
  } finally {
    await task.destroy();
  }
}
