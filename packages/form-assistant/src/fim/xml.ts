import { fimError } from './errors.js';

/** A parsed element: child elements as arrays (always), attributes as "@_name", text as "#text". */
export type XmlElement = { [name: string]: XmlNode[] | string | undefined };
export type XmlNode = XmlElement | string;

/** 10 MB: far above real Stammdatenschemata (the largest are a few hundred kB). */
export const defaultMaxXmlBytes = 10 * 1024 * 1024;

const maxDepth = 200;

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
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

class XmlSyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const nameStart = /[A-Za-z_:]/;
const namePattern = /^[A-Za-z_:][A-Za-z0-9_.:-]*$/;
/** An `&` must begin a reference; undeclared names stay literal text (there is no DTD to declare them). */
const badAmpersand = /&(?![A-Za-z_][A-Za-z0-9_.-]*;|#[0-9]{1,7};|#x[0-9a-fA-F]{1,6};)/;

class DoctypeFound extends Error {}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

function isNameEnd(code: number): boolean {
  return isSpace(code) || code === 0x2f || code === 0x3e;
}

function isBlankRange(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k))) return false;
  return true;
}

const localNames = new Map<string, string>();

function localName(name: string): string {
  const known = localNames.get(name);
  if (known !== undefined) return known;
  const local = stripPrefix(name);
  if (localNames.size < 10_000) localNames.set(name, local);
  return local;
}

function stripPrefix(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

interface Open {
  name: string;
  /** The name without namespace prefix: the key in the parent. */
  local: string;
  element: XmlElement;
  text: string;
  hasChildren: boolean;
  hasAttributes: boolean;
}

/** The text form an element takes in its parent: a string when it has only text. */
function finish(open: Open): XmlNode {
  const text = open.text.trim();
  if (!open.hasChildren && !open.hasAttributes) return text;
  if (text !== '') open.element['#text'] = text;
  return open.element;
}

function attach(parent: Open, name: string, node: XmlNode): void {
  parent.hasChildren = true;
  const existing = parent.element[name];
  if (Array.isArray(existing)) existing.push(node);
  else parent.element[name] = [node];
}

/**
 * A strict, non-validating XML reader for XDatenfelder and genericode. It knows no DTDs and no
 * entity declarations at all (a DOCTYPE is rejected), so entity expansion and external
 * entities cannot happen; it checks well-formedness (one root, matching tags, quoted unique
 * attributes, terminated comments and CDATA) in the same single pass that builds the tree.
 * Namespace prefixes are dropped (`xdf:datenfeld` → `datenfeld`), `xmlns` attributes too.
 * Written instead of using a general parser because validating and parsing a 1 MB schema
 * with fast-xml-parser took 250–400 ms here, above the kit's 200 ms import budget.
 */
function readXml(xml: string): XmlElement {
  const document: Open = {
    name: '',
    local: '',
    element: {},
    text: '',
    hasChildren: false,
    hasAttributes: false,
  };
  const stack: Open[] = [document];
  let rootSeen = false;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = xml.length;
  while (i < length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? length : lt;
    if (textEnd > i && !isBlankRange(xml, i, textEnd)) {
      const text = xml.slice(i, textEnd);
      const current = stack[stack.length - 1] as Open;
      if (current === document) throw new XmlSyntaxError(i, 'text outside the root element');
      if (text.includes('&') && badAmpersand.test(text)) throw new XmlSyntaxError(i, 'unescaped "&"');
      if (text.includes(']]>')) throw new XmlSyntaxError(i, '"]]>" in text');
      current.text += text;
    } else if (textEnd > i) {
      // Indentation between elements is the bulk of a schema's text; inside text it is kept.
      const current = stack[stack.length - 1] as Open;
      if (current !== document && current.text !== '') current.text += xml.slice(i, textEnd);
    }
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) throw new XmlSyntaxError(lt, 'unterminated processing instruction');
      i = end + 2;
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end === -1) throw new XmlSyntaxError(lt, 'unterminated comment');
        i = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end === -1) throw new XmlSyntaxError(lt, 'unterminated CDATA section');
        const current = stack[stack.length - 1] as Open;
        if (current === document) throw new XmlSyntaxError(lt, 'CDATA outside the root element');
        // Stored escaped, so reading text (which decodes) yields the CDATA content unchanged.
        current.text += xml
          .slice(lt + 9, end)
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;');
        i = end + 3;
        continue;
      }
      // <!DOCTYPE …>, <!ENTITY …> and anything else that declares: never read.
      if (xml.slice(lt + 2, lt + 9).toUpperCase() === 'DOCTYPE') throw new DoctypeFound();
      throw new XmlSyntaxError(lt, 'declarations (DOCTYPE, ENTITY) are not accepted');
    }
    const gt = xml.indexOf('>', lt + 1);
    if (gt === -1) throw new XmlSyntaxError(lt, 'unterminated tag');
    if (next === 0x2f /* / */) {
      const open = stack[stack.length - 1] as Open;
      const end = lt + 2 + open.name.length;
      if (open === document || !xml.startsWith(open.name, lt + 2) || !isBlankRange(xml, end, gt)) {
        const name = xml.slice(lt + 2, gt).trim();
        throw new XmlSyntaxError(lt, `closing tag </${name}> does not match <${open.name}>`);
      }
      stack.pop();
      attach(stack[stack.length - 1] as Open, open.local, finish(open));
      i = gt + 1;
      continue;
    }
    // A start tag; attribute values may contain ">", so the tag's end is found while reading them.
    let j = lt + 1;
    while (j < length && !isNameEnd(xml.charCodeAt(j))) j++;
    const name = xml.slice(lt + 1, j);
    if (!nameStart.test(name.charAt(0)) || !namePattern.test(name))
      throw new XmlSyntaxError(lt, `invalid tag name "${name.slice(0, 40)}"`);
    const parent = stack[stack.length - 1] as Open;
    if (parent === document) {
      if (rootSeen) throw new XmlSyntaxError(lt, 'more than one root element');
      rootSeen = true;
    }
    const open: Open = {
      name,
      local: localName(name),
      element: {},
      text: '',
      hasChildren: false,
      hasAttributes: false,
    };
    let selfClosing = false;
    for (;;) {
      while (j < length && isSpace(xml.charCodeAt(j))) j++;
      const c = xml.charAt(j);
      if (c === '>') {
        j++;
        break;
      }
      if (c === '/' && xml.charAt(j + 1) === '>') {
        selfClosing = true;
        j += 2;
        break;
      }
      if (c === '') throw new XmlSyntaxError(lt, 'unterminated tag');
      const eq = xml.indexOf('=', j);
      if (eq === -1) throw new XmlSyntaxError(j, 'attribute without value');
      const attributeName = xml.slice(j, eq).trim();
      if (!namePattern.test(attributeName))
        throw new XmlSyntaxError(j, `invalid attribute name "${attributeName.slice(0, 40)}"`);
      let q = eq + 1;
      while (q < length && isSpace(xml.charCodeAt(q))) q++;
      const quote = xml.charAt(q);
      if (quote !== '"' && quote !== "'") throw new XmlSyntaxError(q, 'attribute value without quotes');
      const close = xml.indexOf(quote, q + 1);
      if (close === -1) throw new XmlSyntaxError(q, 'unterminated attribute value');
      const value = xml.slice(q + 1, close);
      if (value.includes('<')) throw new XmlSyntaxError(q, '"<" in an attribute value');
      if (value.includes('&') && badAmpersand.test(value))
        throw new XmlSyntaxError(q, 'unescaped "&" in an attribute value');
      j = close + 1;
      if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) continue;
      const key = `@_${localName(attributeName)}`;
      if (key in open.element) throw new XmlSyntaxError(j, `attribute "${attributeName}" twice`);
      open.element[key] = value;
      open.hasAttributes = true;
      const after = xml.charAt(j);
      if (after !== '>' && after !== '/' && !isSpace(xml.charCodeAt(j)))
        throw new XmlSyntaxError(j, 'attributes must be separated by white space');
    }
    if (selfClosing) {
      attach(parent, open.local, finish(open));
    } else {
      if (stack.length > maxDepth) throw new XmlSyntaxError(lt, `nested deeper than ${maxDepth} elements`);
      stack.push(open);
    }
    i = j;
  }
  if (stack.length > 1)
    throw new XmlSyntaxError(length, `<${(stack[stack.length - 1] as Open).name}> is not closed`);
  if (!rootSeen) throw new XmlSyntaxError(0, 'no root element');
  return document.element;
}

function lineAt(xml: string, position: number): number {
  let line = 1;
  for (let k = xml.indexOf('\n'); k !== -1 && k < position; k = xml.indexOf('\n', k + 1)) line++;
  return line;
}

/** Parses untrusted XML: size limit, no DOCTYPE (no DTD, no external entities), well-formed. */
export function parseXml(xml: string, maxBytes = defaultMaxXmlBytes): XmlElement {
  // Length in UTF-16 units is ≤ bytes; only measure exactly when close to the limit.
  if (xml.length > maxBytes || (xml.length * 3 > maxBytes && byteLength(xml) > maxBytes)) {
    throw fimError('FORM_FIM_TOO_LARGE', { limit: Math.round(maxBytes / 1024) });
  }
  try {
    return readXml(xml);
  } catch (error) {
    if (error instanceof DoctypeFound) throw fimError('FORM_FIM_DOCTYPE');
    if (error instanceof XmlSyntaxError) {
      throw fimError('FORM_FIM_NOT_XML', { line: lineAt(xml, error.position), reason: error.reason });
    }
    throw error;
  }
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
