/**
 * What a file really is, from its first bytes, not from its name or the browser's guess: a
 * renamed program ("rechnung.pdf.exe" → "rechnung.pdf") must not reach a caseworker's inbox.
 */

/** Types recognised by their signature. */
export const sniffableTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
] as const;
export type SniffableType = (typeof sniffableTypes)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length &&
  signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** Signatures of programs and scripts: refused whatever the file claims to be. */
const executableSignatures: ReadonlyArray<readonly number[]> = [
  ascii('MZ'), // Windows PE / DOS
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O universal, Java class
  ascii('#!'), // shell scripts
];

/** The type the content has by its signature, "executable" for programs, undefined when unknown. */
export function sniffMediaType(bytes: Uint8Array): SniffableType | 'executable' | undefined {
  if (executableSignatures.some((signature) => startsWith(bytes, signature))) return 'executable';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}

/** "Image/JPEG; charset=x" → "image/jpeg"; the aliases browsers send → the registered name. */
export function normalizeMediaType(value: string | undefined): string {
  const type = (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'image/jpg' || type === 'image/pjpeg') return 'image/jpeg';
  if (type === 'image/x-png') return 'image/png';
  if (type === 'application/x-pdf') return 'application/pdf';
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : '';
}

/**
 * Whether a definition's `accept` list (media types, "image/*", or extensions ".pdf") allows
 * a file; an empty list allows every type.
 */
export function acceptsFile(accept: readonly string[], mediaType: string, filename: string): boolean {
  if (accept.length === 0) return true;
  const name = filename.toLowerCase();
  return accept.some((rule) => {
    const entry = rule.trim().toLowerCase();
    if (entry.startsWith('.')) return name.endsWith(entry);
    if (entry.endsWith('/*')) return mediaType.startsWith(entry.slice(0, -1));
    return normalizeMediaType(entry) === mediaType;
  });
}

export type MediaTypeDecision =
  | { ok: true; mediaType: string }
  | { ok: false; reason: 'executable' | 'mismatch' | 'not-accepted' };

/**
 * The media type an upload is stored as. A recognised signature decides, and must agree with
 * a declared type; a declared recognisable type without its signature is refused (a renamed
 * file); a type this module cannot recognise is taken as declared, but only when the field
 * names it. The result must be one the field accepts.
 */
export function decideMediaType(
  bytes: Uint8Array,
  declared: string | undefined,
  accept: readonly string[],
  filename: string,
): MediaTypeDecision {
  const sniffed = sniffMediaType(bytes);
  if (sniffed === 'executable') return { ok: false, reason: 'executable' };
  const claimed = normalizeMediaType(declared);
  const generic = claimed === '' || claimed === 'application/octet-stream';
  let mediaType: string;
  if (sniffed) {
    if (!generic && claimed !== sniffed) return { ok: false, reason: 'mismatch' };
    mediaType = sniffed;
  } else {
    if (generic) return { ok: false, reason: 'not-accepted' };
    if ((sniffableTypes as readonly string[]).includes(claimed)) return { ok: false, reason: 'mismatch' };
    // Unknown to the sniffer: only what the field names explicitly, not via a wildcard or "anything".
    if (!accept.some((rule) => normalizeMediaType(rule) === claimed))
      return { ok: false, reason: 'not-accepted' };
    mediaType = claimed;
  }
  return acceptsFile(accept, mediaType, filename)
    ? { ok: true, mediaType }
    : { ok: false, reason: 'not-accepted' };
}

const typeNames: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
};
const anyImage = { de: 'Bilder', en: 'images' } as const;

/** "PDF, JPEG, PNG" for messages. */
export function acceptedTypesText(accept: readonly string[], locale: 'de' | 'en'): string {
  return accept
    .map((rule) => {
      const entry = rule.trim().toLowerCase();
      return entry === 'image/*' ? anyImage[locale] : (typeNames[entry] ?? rule.trim());
    })
    .join(', ');
}
