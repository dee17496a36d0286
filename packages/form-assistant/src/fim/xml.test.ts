import { isEfaError } from '@efa-kit/core';
import { describe, expect, it } from 'vitest';
import { child, parseXml, text, textOf } from './xml.js';

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

  it('rejects DOCTYPE and entity declarations in any case', () => {
    expect(reason('<!doctype a><a/>')).toMatch(/^FORM_FIM_DOCTYPE/);
    expect(reason('<a><!ENTITY e "x"></a>')).toMatch(/declarations/);
  });
});
