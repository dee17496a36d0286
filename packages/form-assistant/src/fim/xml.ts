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

/** ASCII name characters as in `namePattern`: bit 1 may start a name, bit 2 may continue one. */
const nameClass = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_:]/.test(char)) nameClass[code] = 3;
  else if (/[0-9.-]/.test(char)) nameClass[code] = 2;
}

function isNameStartCode(code: number): boolean {
  return code < 128 && ((nameClass[code] ?? 0) & 1) !== 0;
}

function isNameCode(code: number): boolean {
  return code < 128 && nameClass[code] !== 0;
}

/** Whether `name` occurs in `xml` at `from`: compared in place, without a substring. */
function occursAt(xml: string, from: number, name: string): boolean {
  const size = name.length;
  if (from + size > xml.length) return false;
  for (let k = 0; k < size; k++) if (xml.charCodeAt(from + k) !== name.charCodeAt(k)) return false;
  return true;
}

/** A tag or attribute name with what the reader derives from it, computed once per name. */
class XmlName {
  readonly local: string;
  /** The key of the attribute in its element ("@_" + local name). */
  readonly attributeKey: string;
  readonly isNamespaceDeclaration: boolean;

  constructor(readonly name: string) {
    const colon = name.indexOf(':');
    this.local = colon === -1 ? name : name.slice(colon + 1);
    this.attributeKey = `@_${this.local}`;
    this.isNamespaceDeclaration = name === 'xmlns' || name.startsWith('xmlns:');
  }
}

/**
 * Names seen before, by a hash of their characters, so a tag's name is recognised in place
 * (no substring, no regular expression per tag). Bounded for untrusted input: at most 4 names
 * per bucket, the oldest giving way (so crafted collisions cost no more than 4 comparisons
 * and a stream of new names cannot fill it for good), and none longer than 64 characters.
 */
const nameBuckets: Array<XmlName[] | undefined> = new Array<XmlName[] | undefined>(1024).fill(undefined);
const namesPerBucket = 4;
const longestRememberedName = 64;

/** The name at [from, to) in `xml`, whose characters are all valid name characters. */
function nameAt(xml: string, from: number, to: number, hash: number): XmlName {
  const size = to - from;
  const slot = hash & (nameBuckets.length - 1);
  const bucket = nameBuckets[slot];
  if (bucket !== undefined) {
    for (const known of bucket)
      if (known.name.length === size && occursAt(xml, from, known.name)) return known;
  }
  if (size > longestRememberedName) return new XmlName(xml.slice(from, to));
  // A copy, not a slice: V8 keeps longer slices as views of the whole document, which a
  // remembered name would otherwise keep alive after the import.
  const name = new XmlName(Array.from(xml.slice(from, to)).join(''));
  if (bucket === undefined) nameBuckets[slot] = [name];
  else {
    if (bucket.length === namesPerBucket) bucket.shift();
    bucket.push(name);
  }
  return name;
}

/** An element being read. One per nesting depth, reused for the next element at that depth. */
interface Open {
  name: string;
  /** The name without namespace prefix: the key in the parent. */
  local: string;
  element: XmlElement;
  text: string;
  hasChildren: boolean;
  hasAttributes: boolean;
}

function newOpen(): Open {
  return { name: '', local: '', element: {}, text: '', hasChildren: false, hasAttributes: false };
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
 * with fast-xml-parser took 250–400 ms here, above the kit's 200 ms import budget. Names are
 * recognised in place (hash while scanning, compare with the names seen before) rather than
 * sliced, looked up and matched with a regular expression per tag: that cut this reader's own
 * time by about a third (1 MB: ≈ 17 → 11 ms CPU here).
 */
function readXml(xml: string): XmlElement {
  const document = newOpen();
  /** stack[0] is the document, stack[depth] the innermost open element. */
  const stack: Open[] = [document];
  let depth = 0;
  let rootSeen = false;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = xml.length;
  while (i < length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? length : lt;
    if (textEnd > i) {
      const current = stack[depth] as Open;
      if (!isBlankRange(xml, i, textEnd)) {
        const text = xml.slice(i, textEnd);
        if (current === document) throw new XmlSyntaxError(i, 'text outside the root element');
        if (text.includes('&') && badAmpersand.test(text)) throw new XmlSyntaxError(i, 'unescaped "&"');
        if (text.includes(']]>')) throw new XmlSyntaxError(i, '"]]>" in text');
        current.text += text;
      } else if (current !== document && current.text !== '') {
        // Indentation between elements is the bulk of a schema's text; inside text it is kept.
        current.text += xml.slice(i, textEnd);
      }
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
        const current = stack[depth] as Open;
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
      const open = stack[depth] as Open;
      const end = lt + 2 + open.name.length;
      if (open === document || !occursAt(xml, lt + 2, open.name) || !isBlankRange(xml, end, gt)) {
        const name = xml.slice(lt + 2, gt).trim();
        throw new XmlSyntaxError(lt, `closing tag </${name}> does not match <${open.name}>`);
      }
      depth--;
      attach(stack[depth] as Open, open.local, finish(open));
      i = gt + 1;
      continue;
    }
    // A start tag; attribute values may contain ">", so the tag's end is found while reading them.
    let j = lt + 1;
    let hash = 0;
    let valid = isNameStartCode(next);
    for (; j < length; j++) {
      const code = xml.charCodeAt(j);
      if (isNameEnd(code)) break;
      if (!isNameCode(code)) valid = false;
      hash = (Math.imul(hash, 31) + code) | 0;
    }
    if (!valid) throw new XmlSyntaxError(lt, `invalid tag name "${xml.slice(lt + 1, j).slice(0, 40)}"`);
    const tag = nameAt(xml, lt + 1, j, hash);
    const parent = stack[depth] as Open;
    if (parent === document) {
      if (rootSeen) throw new XmlSyntaxError(lt, 'more than one root element');
      rootSeen = true;
    }
    let open = stack[depth + 1];
    if (open === undefined) {
      open = newOpen();
      stack.push(open);
    }
    const element: XmlElement = {};
    open.name = tag.name;
    open.local = tag.local;
    open.element = element;
    open.text = '';
    open.hasChildren = false;
    open.hasAttributes = false;
    let selfClosing = false;
    for (;;) {
      let code = xml.charCodeAt(j);
      while (isSpace(code)) code = xml.charCodeAt(++j);
      if (code === 0x3e /* > */) {
        j++;
        break;
      }
      if (code === 0x2f /* / */ && xml.charCodeAt(j + 1) === 0x3e) {
        selfClosing = true;
        j += 2;
        break;
      }
      if (j >= length) throw new XmlSyntaxError(lt, 'unterminated tag');
      // Usually a plain name and "=": read in place. Anything else takes the general path below.
      let attribute: XmlName | undefined;
      let eq = -1;
      if (isNameStartCode(code)) {
        let k = j;
        let attributeHash = 0;
        for (; k < length; k++) {
          const c = xml.charCodeAt(k);
          if (!isNameCode(c)) break;
          attributeHash = (Math.imul(attributeHash, 31) + c) | 0;
        }
        let e = k;
        while (isSpace(xml.charCodeAt(e))) e++;
        if (xml.charCodeAt(e) === 0x3d /* = */) {
          eq = e;
          attribute = nameAt(xml, j, k, attributeHash);
        }
      }
      if (attribute === undefined) {
        eq = xml.indexOf('=', j);
        if (eq === -1) throw new XmlSyntaxError(j, 'attribute without value');
        const attributeName = xml.slice(j, eq).trim();
        if (!namePattern.test(attributeName))
          throw new XmlSyntaxError(j, `invalid attribute name "${attributeName.slice(0, 40)}"`);
        attribute = new XmlName(attributeName);
      }
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
      if (attribute.isNamespaceDeclaration) continue;
      const key = attribute.attributeKey;
      if (key in element) throw new XmlSyntaxError(j, `attribute "${attribute.name}" twice`);
      element[key] = value;
      open.hasAttributes = true;
      const after = xml.charCodeAt(j);
      if (after !== 0x3e && after !== 0x2f && !isSpace(after))
        throw new XmlSyntaxError(j, 'attributes must be separated by white space');
    }
    if (selfClosing) {
      attach(parent, open.local, finish(open));
    } else {
      if (depth + 1 > maxDepth) throw new XmlSyntaxError(lt, `nested deeper than ${maxDepth} elements`);
      depth++;
    }
    i = j;
  }
  if (depth > 0) throw new XmlSyntaxError(length, `<${(stack[depth] as Open).name}> is not closed`);
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

const none: readonly XmlNode[] = Object.freeze([]);

/** Child elements with a name (empty when none; read-only, the empty list is shared). */
export function children(node: XmlNode | undefined, name: string): readonly XmlNode[] {
  if (!isElement(node)) return none;
  const value = node[name];
  return Array.isArray(value) ? value : none;
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Text content of a node, decoded and with inner whitespace runs collapsed to single spaces. */
export function textOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  const raw = typeof node === 'string' ? node : typeof node['#text'] === 'string' ? node['#text'] : '';
  if (raw === '') return '';
  const decoded = decodeXml(raw);
  return isCollapsed(decoded) ? decoded : decoded.replace(/\s+/g, ' ').trim();
}

/**
 * Might the code be white space for `\s` and `trim` (ECMAScript WhiteSpace and LineTerminator)?
 * Besides ASCII, the Unicode space separators, U+180E (a space in older Unicode) and U+200B.
 */
function mayBeSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    code === 0x180e ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** True when collapsing white space would not change the text (the usual case): no regex needed. */
function isCollapsed(text: string): boolean {
  const last = text.length - 1;
  for (let k = 0; k <= last; k++) {
    const code = text.charCodeAt(k);
    if (code > 0x20 && code < 0x80) continue;
    if (!mayBeSpace(code)) continue;
    if (code !== 0x20 || k === 0 || k === last || mayBeSpace(text.charCodeAt(k + 1))) return false;
  }
  return true;
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
