/**
 * File names as the browser sends them (`X-Filename`, RFC 5987 `UTF-8''…` so that "Bescheid
 * Müller.pdf" survives a header) and as they are stored: one path segment, no control or
 * direction-changing characters, no characters Windows refuses, bounded in length. The name
 * travels to the authority and into a caseworker's download folder.
 */

export { encodeFilenameHeader } from '../../schema/submission.js';

export const maxFilenameLength = 200;

/** `UTF-8''%C3%A4.pdf` (or `ISO-8859-1''…`) or a plain ASCII name; undefined when malformed. */
export function decodeFilenameHeader(value: string | string[] | undefined): string | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  const extended = /^([A-Za-z0-9!#$%&+^_`{}~-]+)'[A-Za-z0-9-]*'(.*)$/.exec(raw);
  if (!extended) {
    // Not extended: printable ASCII only (Node reads header bytes as Latin-1, so anything else is mangled).
    return /^[\x20-\x7e]+$/.test(raw) ? raw : undefined;
  }
  const charset = (extended[1] ?? '').toLowerCase();
  const encoded = extended[2] ?? '';
  if (!/^(?:[A-Za-z0-9!#$&+.^_`|~-]|%[0-9A-Fa-f]{2})*$/.test(encoded)) return undefined;
  if (charset === 'utf-8') {
    try {
      return decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
  }
  if (charset === 'iso-8859-1') {
    return encoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
  return undefined;
}

const windowsReserved = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** A safe, bounded file name; `fallback` when nothing usable is left. */
export function sanitizeFilename(name: string, fallback = 'datei'): string {
  let clean = name.normalize('NFC');
  // The last path segment only: "C:\\fakepath\\x.pdf", "../../x.pdf".
  clean = clean.split(/[/\\]/).pop() ?? '';
  clean = clean
    // C0, DEL, C1 controls; bidirectional overrides and isolates (a "gpj.exe" that reads "exe.jpg").
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (windowsReserved.test(clean)) clean = `_${clean}`;
  if (clean === '') return fallback;
  if ([...clean].length <= maxFilenameLength) return clean;
  // Too long: keep the extension, shorten the stem (by code points, never splitting a character).
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  const stem = [...clean.slice(0, clean.length - extension.length)];
  return `${stem
    .slice(0, maxFilenameLength - [...extension].length)
    .join('')
    .trimEnd()}${extension}`;
}
