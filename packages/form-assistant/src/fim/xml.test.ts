import { isEfaError } from '@efa-kit/core';
import { describe, expect, it } from 'vitest';
import { attribute, child, children, parseXml, text, textOf } from './xml.js';

function reason(xml: string): string | undefined {
  try {
    parseXml(xml);
  } catch (error) {
    return isEfaError(error) ? `${error.code} ${error.messages.en}` : String(error);
  }
  return undefined;
}

describe('strict XML reader', () => {
  it('reads elements, attributes in either quotes, CDATA, comments and processing instructions', () => {
    const root = parseXml(
      `\uFEFF<?xml version="1.0"?><!-- head --><x:a xmlns:x="urn:x" x:k='v"1' j="a &amp; b &gt; c"><x:b>1 &lt; 2</x:b><b><![CDATA[<i>&amp;</i>]]></b><?pi x?><c/></x:a>`,
    );
    const a = child(root, 'a');
    expect(a).toMatchObject({ '@_k': 'v"1', '@_j': 'a &amp; b &gt; c' });
    expect(a).not.toHaveProperty('@_x');
    const bs = (a as Record<string, unknown>).b as unknown[];
    expect(bs.map((b) => textOf(b as string))).toEqual(['1 < 2', '<i>&amp;</i>']);
    expect(text(a, 'c')).toBe('');
  });

  it('rejects what is not well-formed, with the line', () => {
    expect(reason('<a>\n<b></a>')).toMatch(/FORM_FIM_NOT_XML .*line 2.*does not match/);
    expect(reason('<a></a><b/>')).toMatch(/more than one root/);
    expect(reason('<a>')).toMatch(/not closed/);
    expect(reason('text')).toMatch(/text outside/);
    expect(reason('<a x="1" x="2"/>')).toMatch(/twice/);
    expect(reason('<a x=1/>')).toMatch(/without quotes/);
    expect(reason('<a>fish & chips</a>')).toMatch(/unescaped "&"/);
    expect(reason('<a><!-- open</a>')).toMatch(/unterminated comment/);
    expect(reason('<a><![CDATA[x</a>')).toMatch(/unterminated CDATA/);
    expect(reason('<1a/>')).toMatch(/invalid tag name/);
    expect(reason(`${'<a>'.repeat(250)}${'</a>'.repeat(250)}`)).toMatch(/nested deeper/);
    expect(reason('')).toMatch(/no root element/);
  });

  it('reads every name right, also beyond the names it remembers and with colliding hashes', () => {
    // "Aa" and "BB" have the same 31-based hash, so these 64 names all land in one bucket.
    const colliding = Array.from({ length: 64 }, (_, n) =>
      Array.from({ length: 6 }, (_, bit) => ((n >> bit) & 1 ? 'Aa' : 'BB')).join(''),
    );
    const many = Array.from({ length: 12_000 }, (_, n) => `n${n}`);
    const names = [...colliding, ...many];
    const root = parseXml(
      `<r>${names.map((name, n) => `<p:${name} p:${name}="${n}">${n}</p:${name}>`).join('')}</r>`,
    );
    const r = child(root, 'r');
    const read = names.map((name) => `${attribute(child(r, name), name)} ${textOf(child(r, name))}`);
    expect(read).toEqual(names.map((_, n) => `${n} ${n}`));
    expect(() => parseXml('<AaAa></BBBB>')).toThrow(/does not match/);
    expect(() => parseXml('<BBBB></AaAa>')).toThrow(/does not match/);
  });

  it('reads attributes with white space around "=", prefixed, and next to a same-named element', () => {
    const root = parseXml(`<a x = "1"\n\tp:y ='2' xmlns:p="urn:p" xmlns="urn:d"><x y="3"/><x/></a>`);
    const a = child(root, 'a');
    expect(a).toEqual({ '@_x': '1', '@_y': '2', x: [{ '@_y': '3' }, ''] });
    expect(children(a, 'x')).toHaveLength(2);
    expect(() => parseXml('<a x y="1"/>')).toThrow(/invalid attribute name "x y"/);
    expect(() => parseXml('<a 1x="1"/>')).toThrow(/invalid attribute name "1x"/);
    expect(() => parseXml('<a p:x="1" q:x="2"/>')).toThrow(/attribute "q:x" twice/);
  });

  it('collapses white space in text as \\s does, Unicode spaces and decoded references included', () => {
    expect(textOf('Hund  und\n\tKatze')).toBe('Hund und Katze');
    expect(textOf('Hund und Katze')).toBe('Hund und Katze');
    expect(textOf('a\u00a0\u00a0b\u3000')).toBe('a b');
    expect(textOf('a&#160;b')).toBe('a b');
    expect(textOf('a &#x20; b')).toBe('a b');
    expect(textOf('Straße\u2028Nr.')).toBe('Straße Nr.');
    expect(text(parseXml('<a><b>  x   y  </b></a>').a?.[0], 'b')).toBe('x y');
  });

  it('rejects DOCTYPE and entity declarations in any case', () => {
    expect(reason('<!doctype a><a/>')).toMatch(/^FORM_FIM_DOCTYPE/);
    expect(reason('<a><!ENTITY e "x"></a>')).toMatch(/declarations/);
  });
});
