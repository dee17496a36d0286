import { parseTrustLevel } from '@efa-kit/core';
import type { EfaDatabase } from '@efa-kit/core/server';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { JurisdictionDataInput } from '../schema/fixtures-types.js';
import {
  type AuthorityAddress,
  type Gebiet,
  type Leistung,
  leistungSchema,
  levelOfArs,
  type OpeningHours,
  onlinedienstSchema,
  organisationseinheitSchema,
  zustaendigkeitSchema,
} from '../schema/index.js';
import { OpeningHoursSyntaxError, parseOpeningHours } from '../schema/opening-hours.js';
import {
  areaKey,
  checkSize,
  commitImport,
  type Deletions,
  type ImportContext,
  type ImportResult,
  invalid,
  mergeService,
  validated,
} from './import-common.js';

/**
 * XZuFi 2.2 importer. Reads the objects of `schreibe` messages (Leistung,
 * Organisationseinheit with its Zuständigkeiten, Onlinedienst, ZustaendigkeitTransferObjekt)
 * by local element name, so any namespace prefix works. Safety: the size is checked before
 * parsing, a DOCTYPE is rejected (no DTDs, no entity expansion), fast-xml-parser runs with
 * `processEntities: false` and only the five XML entities and character references are
 * decoded by us. The file is parsed whole after the size check (fast-xml-parser has no
 * streaming mode; 50 MB by default is far above a state's export) and validated completely
 * before anything is written, in one transaction.
 */

type Node = Record<string, unknown>;

const arrayTags = new Set([
  'schreibe',
  'loesche',
  'leistung',
  'organisationseinheit',
  'onlinedienst',
  'zustaendigkeitTransferObjekt',
  'zustaendigkeit',
  'modulText',
  'inhalt',
  'referenzLeiKa',
  'anschrift',
  'kommunikation',
  'gebietID',
  'name',
  'link',
  'bezeichnung',
  'suchbegriff',
  'oeffnungszeiten',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  textNodeName: '#text',
  isArray: (name) => arrayTags.has(name),
});

function codePoint(code: number): string | undefined {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase();
    // Beyond U+10FFFF String.fromCodePoint throws (found by fuzzing, issue 17): such a
    // reference stays literal text and fails the field's own validation.
    if (lower.startsWith('#x')) return codePoint(Number.parseInt(lower.slice(2), 16)) ?? whole;
    if (lower.startsWith('#')) return codePoint(Number.parseInt(lower.slice(1), 10)) ?? whole;
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[lower] ?? whole;
  });
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function nodes(parent: unknown, name: string): Node[] {
  return isNode(parent) ? list(parent[name]).filter(isNode) : [];
}

function child(parent: unknown, name: string): Node | undefined {
  return nodes(parent, name)[0];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return decodeEntities(value).trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (isNode(value)) return text(value['#text']);
  return undefined;
}

function attr(node: unknown, name: string): string | undefined {
  return isNode(node) && typeof node[`@_${name}`] === 'string' ? (node[`@_${name}`] as string) : undefined;
}

/** XZuFi ids are unique only together with their schemeAgencyID (the editing office). */
function xzufiId(node: unknown): string | undefined {
  const value = text(node);
  if (!value) return undefined;
  const agency = attr(node, 'schemeAgencyID');
  return agency ? `${agency}.${value}` : value;
}

function code(node: unknown): string | undefined {
  return (isNode(node) ? text(node.code) : undefined) ?? text(node);
}

function localized(items: unknown[]): { de?: string; en?: string } {
  const result: { de?: string; en?: string } = {};
  for (const item of items) {
    const language = attr(item, 'languageCode') ?? 'de';
    const value = text(item);
    if (!value) continue;
    if (language.startsWith('de') && !result.de) result.de = value;
    if (language.startsWith('en') && !result.en) result.en = value;
  }
  return result;
}

/** Character ranges of `loesche` blocks, whose objects are deletions, not records to write. */
function deleteRanges(xml: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const match of xml.matchAll(/<(?:[\w.-]+:)?loesche[\s>]/g)) {
    const end = xml.slice(match.index).search(/<\/(?:[\w.-]+:)?loesche>/);
    ranges.push([match.index, end === -1 ? xml.length : match.index + end]);
  }
  return ranges;
}

/** Line of every start tag with the given local name outside `loesche`, in document order. */
function tagLines(xml: string, localName: string, skip: Array<[number, number]> = []): number[] {
  const lines: number[] = [];
  const pattern = new RegExp(`<(?:[\\w.-]+:)?${localName}[\\s>/]`, 'g');
  let line = 1;
  let position = 0;
  for (const match of xml.matchAll(pattern)) {
    for (let i = position; i < match.index; i += 1) if (xml.charCodeAt(i) === 10) line += 1;
    position = match.index;
    if (skip.some(([from, to]) => match.index >= from && match.index < to)) continue;
    lines.push(line);
  }
  return lines;
}

function lineOf(xml: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (xml.charCodeAt(i) === 10) line += 1;
  return line;
}

export interface XzufiParseOptions {
  file: string;
  knownArea: (ars: string) => boolean;
  existingService: (idOrKey: string) => Leistung | undefined;
  existingAuthority: (id: string) => boolean;
  maxBytes?: number;
}

export type ParsedXzufi = JurisdictionDataInput & { deletions: Deletions };

export function parseXzufi(xml: string, options: XzufiParseOptions): ParsedXzufi {
  const { file } = options;
  checkSize(file, xml, options.maxBytes);
  const doctype = /<!DOCTYPE/i.exec(xml);
  if (doctype) {
    throw invalid(
      file,
      lineOf(xml, doctype.index),
      'DOCTYPE-Deklarationen sind nicht erlaubt (keine DTDs, keine Entitäten).',
      'DOCTYPE declarations are not allowed (no DTDs, no entities).',
    );
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw invalid(
      file,
      valid.err.line,
      `Kein wohlgeformtes XML: ${valid.err.msg}`,
      `not well-formed XML: ${valid.err.msg}`,
    );
  }
  let document: Node;
  try {
    document = parser.parse(xml) as Node;
  } catch (error) {
    // The validator passes some input the parser then refuses (a broken XML declaration,
    // found by fuzzing, issue 17): that is malformed XML too, not a server error.
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(file, 1, `Kein wohlgeformtes XML: ${reason}`, `not well-formed XML: ${reason}`);
  }
  const root = Object.entries(document).find(([key]) => key !== '?xml')?.[1];
  if (!isNode(root) || attr(root, 'xzufiVersion')?.startsWith('2.') === false) {
    throw invalid(file, 1, 'Keine XZuFi-2-Nachricht.', 'not an XZuFi 2 message.');
  }
  const blocks = [root, ...nodes(root, 'schreibe')];
  const skip = deleteRanges(xml);
  const lines = {
    leistung: tagLines(xml, 'leistung', skip),
    organisationseinheit: tagLines(xml, 'organisationseinheit', skip),
    onlinedienst: tagLines(xml, 'onlinedienst', skip),
    zustaendigkeitTransferObjekt: tagLines(xml, 'zustaendigkeitTransferObjekt', skip),
  };
  const result: ParsedXzufi = {
    gebiete: [],
    leistungen: [],
    authorities: [],
    onlineServices: [],
    zustaendigkeiten: [],
    deletions: { leistungen: [], authorities: [], onlineServices: [], zustaendigkeiten: [] },
  };
  // `loesche` blocks name objects to delete by id (a Leistung also by its LeiKa key). They are
  // taken out of the line bookkeeping below, which counts the objects to write.
  const deleteBlocks = nodes(root, 'loesche');
  for (const block of deleteBlocks) {
    for (const node of nodes(block, 'leistung')) {
      const key = nodes(node, 'referenzLeiKa')
        .map(code)
        .find((value) => value && /^\d{14}$/.test(value));
      const id = key ?? xzufiId(child(node, 'id'));
      if (id) result.deletions.leistungen.push(options.existingService(id)?.id ?? id);
    }
    for (const [tag, list] of [
      ['organisationseinheit', result.deletions.authorities],
      ['onlinedienst', result.deletions.onlineServices],
      ['zustaendigkeit', result.deletions.zustaendigkeiten],
    ] as const) {
      for (const node of nodes(block, tag)) {
        const id = xzufiId(child(node, 'id'));
        if (id) list.push(id);
      }
    }
  }

  const serviceIds = new Map<string, string>();
  const source = `xzufi:${file}`;

  const leistungNodes = blocks.flatMap((block) => nodes(block, 'leistung'));
  leistungNodes.forEach((node, index) => {
    const line = lines.leistung[index] ?? 1;
    const xid = xzufiId(child(node, 'id'));
    if (!xid) throw invalid(file, line, 'Leistung ohne id.', 'service without id.');
    const key = nodes(node, 'referenzLeiKa')
      .map(code)
      .find((value) => value && /^\d{14}$/.test(value));
    const modules = nodes(node, 'modulText');
    const module = (codes: string[]) =>
      codes.map((c) => modules.find((m) => code(child(m, 'leikaTextmodul')) === c)).find(Boolean);
    const name = localized(nodes(module(['01', '02']) ?? modules[0], 'inhalt'));
    const description = localized(nodes(module(['04', '03']), 'inhalt'));
    const existing = key ? options.existingService(key) : options.existingService(xid);
    const record = validated(
      leistungSchema,
      {
        id: key ?? xid,
        key: key ?? null,
        keyStatus: key ? 'unverified' : 'none',
        keySource: key ? `XZuFi ${file}` : undefined,
        name,
        description: description.de ? description : undefined,
        synonyms: nodes(node, 'suchbegriff')
          .map(text)
          .concat(
            list(node.suchbegriff)
              .filter((v) => typeof v === 'string')
              .map(text),
          )
          .filter((v): v is string => Boolean(v)),
        level: existing?.level ?? 'gemeinde',
        source,
      },
      file,
      line,
    );
    const merged = mergeService(record, existing);
    serviceIds.set(xid, merged.id);
    result.leistungen.push(merged);
  });

  const serviceRef = (node: unknown, line: number): string => {
    const xid = xzufiId(node);
    const id = xid ? (serviceIds.get(xid) ?? options.existingService(text(node) ?? '')?.id) : undefined;
    if (!id) throw invalid(file, line, `Unbekannte Leistung ${xid ?? ''}.`, `unknown service ${xid ?? ''}.`);
    return id;
  };
  const areaRef = (node: unknown, line: number): string => {
    const raw = text(node) ?? '';
    const ars = areaKey(raw, options.knownArea);
    if (!ars)
      throw invalid(file, line, `Unbekannter Regionalschlüssel ${raw}.`, `unknown regional key ${raw}.`);
    return ars;
  };
  const levels = new Map<string, Gebiet['level']>();
  const addRule = (
    id: string,
    leistung: string,
    authority: string,
    gebiet: string,
    rolle: string | undefined,
    online: string | null,
    line: number,
  ) => {
    result.zustaendigkeiten.push(
      validated(
        zustaendigkeitSchema,
        {
          id,
          leistung,
          organisationseinheit: authority,
          gebiet,
          rolle: rolle ?? '01',
          onlinedienst: online,
          source,
        },
        file,
        line,
      ),
    );
    const level = levelOfArs(gebiet);
    levels.set(leistung, level);
  };

  const oeNodes = blocks.flatMap((block) => nodes(block, 'organisationseinheit'));
  oeNodes.forEach((node, index) => {
    const line = lines.organisationseinheit[index] ?? 1;
    const id = xzufiId(child(node, 'id'));
    if (!id) throw invalid(file, line, 'Organisationseinheit ohne id.', 'organisational unit without id.');
    const names = localized(list(child(node, 'name')?.name));
    const addresses: AuthorityAddress[] = nodes(node, 'anschrift').map((a) => ({
      type: (code(child(a, 'typ')) ?? '002') as AuthorityAddress['type'],
      street: text(a.strasse),
      houseNumber: text(a.hausnummer),
      postOfficeBox: text(a.postfach),
      postcode: text(a.postleitzahl),
      town: text(a.ort) ?? '',
    }));
    const channels = nodes(node, 'kommunikation').map((k) => ({
      channel: code(child(k, 'kanal')),
      value: text(k.kennung),
    }));
    let openingHours: OpeningHours | undefined;
    const hoursText = nodes(node, 'oeffnungszeiten')
      .map(text)
      .concat(list(node.oeffnungszeiten).map(text))
      .find(Boolean);
    if (hoursText) {
      try {
        openingHours = parseOpeningHours(hoursText);
      } catch (error) {
        if (!(error instanceof OpeningHoursSyntaxError)) throw error;
        openingHours = { regular: [], exceptions: [], note: hoursText.slice(0, 500) };
      }
    }
    const authority = validated(
      organisationseinheitSchema,
      {
        id,
        name: names.de ?? names.en,
        gebiet: null,
        addresses,
        // Kommunikation channel codes as used by PVOG: 01 phone, 03 e-mail, 04 web [I].
        phone: channels.find((c) => c.channel === '01')?.value,
        email: channels.find((c) => c.channel === '03')?.value,
        web: channels.find((c) => c.channel === '04')?.value ?? text(node.internetadresse),
        openingHours,
        accessibility: text(node.barrierefreiheit),
        demo: false,
        source,
      },
      file,
      line,
    );
    nodes(node, 'zustaendigkeit').forEach((z, position) => {
      const leistung = serviceRef(child(z, 'leistungID'), line);
      for (const gebietNode of nodes(z, 'gebietID').length > 0 ? nodes(z, 'gebietID') : list(z.gebietID)) {
        const gebiet = areaRef(gebietNode, line);
        const explicit = xzufiId(child(z, 'id'));
        addRule(
          explicit ?? `${id}.Z${position}.${gebiet}`,
          leistung,
          id,
          gebiet,
          code(child(z, 'rolle')),
          null,
          line,
        );
      }
    });
    authority.gebiet =
      result.zustaendigkeiten.filter((z) => z.organisationseinheit === id)[0]?.gebiet ?? null;
    result.authorities.push(authority);
  });

  const odNodes = blocks.flatMap((block) => nodes(block, 'onlinedienst'));
  odNodes.forEach((node, index) => {
    const line = lines.onlinedienst[index] ?? 1;
    const id = xzufiId(child(node, 'id'));
    if (!id) throw invalid(file, line, 'Onlinedienst ohne id.', 'online service without id.');
    const links = nodes(node, 'link');
    const url = text((links.find((l) => code(child(l, 'typ')) === '01') ?? links[0])?.link);
    const names = localized(list(node.bezeichnung));
    const level = code(child(node, 'vertrauensniveau'));
    result.onlineServices.push(
      validated(
        onlinedienstSchema,
        {
          id,
          name: names.de ?? names.en ?? id,
          url,
          trustLevel: level ? (parseTrustLevel(level) ?? null) : null,
          languages: ['de'],
          demo: false,
          source,
        },
        file,
        line,
      ),
    );
  });

  const transferNodes = blocks.flatMap((block) => nodes(block, 'zustaendigkeitTransferObjekt'));
  const knownAuthorities = new Set(result.authorities.map((a) => a.id));
  transferNodes.forEach((node, index) => {
    const line = lines.zustaendigkeitTransferObjekt[index] ?? 1;
    const owner = xzufiId(child(node, 'uebergeordnetesObjektID'));
    if (!owner) throw invalid(file, line, 'Ohne übergeordnetes Objekt.', 'without parent object.');
    if (!knownAuthorities.has(owner) && !options.existingAuthority(owner)) {
      throw invalid(
        file,
        line,
        `Unbekannte Organisationseinheit ${owner}.`,
        `unknown organisational unit ${owner}.`,
      );
    }
    for (const z of nodes(node, 'zustaendigkeit')) {
      const leistung = serviceRef(child(z, 'leistungID'), line);
      const online = xzufiId(child(z, 'onlinedienstID')) ?? null;
      if (online && !result.onlineServices.some((o) => o.id === online)) {
        throw invalid(file, line, `Unbekannter Onlinedienst ${online}.`, `unknown online service ${online}.`);
      }
      for (const gebietNode of nodes(z, 'gebietID').length > 0 ? nodes(z, 'gebietID') : list(z.gebietID)) {
        const gebiet = areaRef(gebietNode, line);
        const id = xzufiId(child(z, 'id')) ?? `${owner}.${leistung}.${gebiet}`;
        addRule(id, leistung, owner, gebiet, code(child(z, 'rolle')), online, line);
      }
    }
  });

  // A service new to us takes the level of the areas its rules are attached to.
  result.leistungen = result.leistungen.map((service) =>
    options.existingService(service.id)
      ? service
      : { ...service, level: levels.get(service.id) ?? service.level },
  );
  return result;
}

export async function importXzufi(
  db: EfaDatabase,
  xml: string,
  context: ImportContext,
): Promise<ImportResult> {
  const data = parseXzufi(xml, {
    file: context.file,
    maxBytes: context.maxBytes,
    knownArea: (ars) => context.index.gebiet(ars) !== undefined,
    existingService: (idOrKey) => context.index.service(idOrKey),
    existingAuthority: (id) => context.index.authority(id) !== undefined,
  });
  const { deletions, ...records } = data;
  return commitImport(db, context.file, records, deletions);
}
