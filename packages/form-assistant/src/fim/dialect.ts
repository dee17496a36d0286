import { attribute, child, textOf, type XmlNode } from './xml.js';

export type XdfVersion = '2.0' | '3.0';

/** The Präzisierung of a field as written, before it is mapped onto a field kind. */
export interface RawPrecision {
  /** The values by name (minLength, maxLength, minValue, maxValue, pattern), as found. */
  values: Record<string, unknown>;
  /** Why the element could not be read at all (2.0: not a JSON object). */
  unreadable?: string;
  /** Text found where the dialect expects none (3.0 keeps the values in attributes). */
  strayText?: string;
}

/**
 * What differs between XDatenfelder 2.0 and 3.0, in one object per version, picked once per
 * import: the rest of the importer reads elements through it and never asks for the version.
 */
export interface XdfDialect {
  readonly version: XdfVersion;
  /** Element holding the release status (2.0 `status`, 3.0 `freigabestatus`). */
  readonly statusElement: string;
  /** Status codes that count as released (for the message's root element). */
  readonly released: readonly string[];
  /** Status codes that mean withdrawn (for contained elements). */
  readonly withdrawn: readonly string[];
  /** A rule in words (2.0 `definition`, 3.0 `freitextRegel`). */
  readonly ruleTextElement: string;
  /** A rule's script (2.0 `script`, 3.0 `skript`). */
  readonly scriptElement: string;
  /** A Stammdatenschema's title and help (2.0 …Eingabe, 3.0 `bezeichnung`/`hilfetext`). */
  readonly schemaTitleElement: string;
  readonly schemaHelpElement: string;
  /** Whether fields carry `vorbefuellung` (3.0 only). */
  readonly hasPrefill: boolean;
  /** The element that names a code list's canonical URI and version. */
  codeListSource(reference: XmlNode | undefined): XmlNode | undefined;
  /** The Präzisierung's values (2.0: a JSON string as text, 3.0: attributes). */
  readPrecision(element: XmlNode): RawPrecision;
}

const precisionNames = ['minLength', 'maxLength', 'minValue', 'maxValue', 'pattern'] as const;

const xdf2: XdfDialect = {
  version: '2.0',
  statusElement: 'status',
  released: ['aktiv'],
  withdrawn: ['inaktiv'],
  ruleTextElement: 'definition',
  scriptElement: 'script',
  schemaTitleElement: 'bezeichnungEingabe',
  schemaHelpElement: 'hilfetextEingabe',
  hasPrefill: false,
  codeListSource: (reference) => child(reference, 'genericodeIdentification'),
  readPrecision(element) {
    const json = textOf(element);
    if (json === '') return { values: {} };
    try {
      const parsed: unknown = JSON.parse(json);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('not an object');
      return { values: parsed as Record<string, unknown> };
    } catch {
      return { values: {}, unreadable: json.slice(0, 80) };
    }
  },
};

const xdf3: XdfDialect = {
  version: '3.0',
  statusElement: 'freigabestatus',
  released: ['5', '6'],
  withdrawn: ['7', '8'],
  ruleTextElement: 'freitextRegel',
  scriptElement: 'skript',
  schemaTitleElement: 'bezeichnung',
  schemaHelpElement: 'hilfetext',
  hasPrefill: true,
  codeListSource: (reference) => reference,
  readPrecision(element) {
    const values: Record<string, unknown> = {};
    for (const name of precisionNames) {
      const value = attribute(element, name);
      if (value !== undefined) values[name] = value;
    }
    const stray = textOf(element);
    return stray === '' ? { values } : { values, strayText: stray.slice(0, 80) };
  },
};

export const dialects: Readonly<Record<XdfVersion, XdfDialect>> = { '2.0': xdf2, '3.0': xdf3 };

/** The version a message is written in, from its namespace (read near the start only). */
export function xdfVersionOf(xml: string): XdfVersion | undefined {
  const match = /urn:xoev-de:fim:standard:xdatenfelder_(2|3\.0\.0)(?=["'])/.exec(xml.slice(0, 16_384));
  if (!match) return undefined;
  return match[1] === '2' ? '2.0' : '3.0';
}
