import fc from 'fast-check';
import type { TextEdit } from './fuzz.js';

/**
 * fast-check arbitraries the packages' fuzz tests share (issue 17): the edits that mutate a real
 * sample (applied with `applyEdits` from `@efa-kit/core/testing`) and the XML tokens they insert.
 * A subpath of its own (`@efa-kit/core/testing/fuzz-arbitraries`) because it imports fast-check:
 * only tests import it, and fast-check stays a devDependency (an optional peer when published),
 * so neither core nor its `testing` entry needs fast-check at runtime.
 */

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
