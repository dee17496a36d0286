import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fimError } from './errors.js';

/** A parsed element: child elements as arrays (always), attributes as "@_name", text as "#text". */
export type XmlElement = { [name: string]: XmlNode[] | string | undefined };
export type XmlNode = XmlElement | string;

/** 10 MB: far above real Stammdatenschemata (the largest are a few hundred kB). */
export const defaultMaxXmlBytes = 10 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Entities stay unexpanded (no entity-expansion attacks); the five predefined ones and
  // character references are decoded by `decodeXml` where text is read.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  maxNestedTags: 200,
  // Every element as an array, so a schema that repeats an element once-only in the standard
  // is noticed (and reported) rather than silently overwritten.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(Number.parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10)) ?? whole;
    return predefined[name] ?? whole;
  });
}

function safeCodePoint(code: number): string | undefined {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function byteLength(text: string): number {
  return typeof TextEncoder === 'undefined' ? text.length : new TextEncoder().encode(text).length;
}

/** Parses untrusted XML: size limit, no DOCTYPE (no DTD, no external entities), well-formed. */
export function parseXml(xml: string, maxBytes = defaultMaxXmlBytes): XmlElement {
  // Length in UTF-16 units is ≤ bytes; only measure exactly when close to the limit.
  if (xml.length > maxBytes || (xml.length * 3 > maxBytes && byteLength(xml) > maxBytes)) {
    throw fimError('FORM_FIM_TOO_LARGE', { limit: Math.round(maxBytes / 1024) });
  }
  if (/<!DOCTYPE/i.test(xml)) throw fimError('FORM_FIM_DOCTYPE');
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw fimError('FORM_FIM_NOT_XML', { line: valid.err.line, reason: valid.err.msg });
  }
  return parser.parse(xml) as XmlElement;
}

export function isElement(node: XmlNode | undefined): node is XmlElement {
  return node !== undefined && typeof node === 'object';
}

/** Child elements with a name (empty when none). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (!isElement(node)) return [];
  const value = node[name];
  return Array.isArray(value) ? value : [];
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Text content of a node, decoded and with inner whitespace runs collapsed to single spaces. */
export function textOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  const raw = typeof node === 'string' ? node : typeof node['#text'] === 'string' ? node['#text'] : '';
  return decodeXml(raw).replace(/\s+/g, ' ').trim();
}

/** Text of the first child with a name; '' when absent. */
export function text(node: XmlNode | undefined, name: string): string {
  return textOf(child(node, name));
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  if (!isElement(node)) return undefined;
  const value = node[`@_${name}`];
  return typeof value === 'string' ? decodeXml(value) : undefined;
}

/** The `<code>` inside an XÖV code element (`<xdf:feldart><code>input</code></xdf:feldart>`). */
export function codeOf(node: XmlNode | undefined, name: string): string {
  return text(child(node, name), 'code');
}
