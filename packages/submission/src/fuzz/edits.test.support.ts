import type { TextEdit } from '@efa-kit/core/testing';
import fc from 'fast-check';

/** Markup that breaks or bends XML where it lands: the tokens a mutation inserts besides random text. */
export const xmlTokens = [
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x110000;',
  '&#55296;',
  '&xxe;',
  ']]>',
  '<![CDATA[',
  '"',
  "'",
  '</',
  '/>',
  '=',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '<!ENTITY a "b">',
  '\u0000',
  '\uD800',
  'xmlns:x="urn:x"',
  '<x:a>',
] as const;

export function textEdit(tokens: readonly string[]): fc.Arbitrary<TextEdit> {
  return fc.record({
    kind: fc.constantFrom('delete', 'insert', 'duplicate', 'replace'),
    at: fc.nat(),
    length: fc.nat(64),
    text: fc.oneof(
      fc.constantFrom(...tokens),
      fc.string({ maxLength: 16 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    ),
  });
}

/** One to six edits of a sample. */
export function textEdits(tokens: readonly string[]): fc.Arbitrary<TextEdit[]> {
  return fc.array(textEdit(tokens), { minLength: 1, maxLength: 6 });
}
