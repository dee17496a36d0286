import { type Condition, isCondition } from '../conditions/expression.js';
import type {
  CodeList,
  Field,
  FieldOf,
  FimReference,
  FimRule,
  FormDefinition,
  Group,
  IdentityAttribute,
  Item,
  LocalizedText,
  Option,
  Prefill,
  Step,
  ValueField,
} from '../schema/definition.js';
import { formDefinitionFormat } from '../schema/definition.js';
import { formDefinitionSchema } from '../schema/index.js';
import { fimError } from './errors.js';
import type { GenericodeList } from './genericode.js';
import { type ImportWarning, type ImportWarningCode, importWarning, type WarningParams } from './warnings.js';
import {
  attribute,
  child,
  children,
  codeOf,
  isElement,
  parseXml,
  text,
  textOf,
  type XmlNode,
} from './xml.js';

export type XdfVersion = '2.0' | '3.0';

export interface ImportOptions {
  /** Id of the resulting form; default "fim-" + the schema id in lower case. */
  formId?: string;
  /** Code lists (genericode) that resolve `codelisteReferenz` by canonical URI. */
  codeLists?: readonly GenericodeList[];
  /** Largest accepted file in bytes (default 10 MB). */
  maxBytes?: number;
}

export interface ImportResult {
  definition: FormDefinition;
  warnings: ImportWarning[];
  /** XDatenfelder version and message type read. */
  source: {
    xdfVersion: XdfVersion;
    message: 'stammdatenschema' | 'datenfeldgruppe' | 'datenfeld';
    nachrichtID?: string;
  };
}

const messages = {
  'xdatenfelder.stammdatenschema.0102': 'stammdatenschema',
  'xdatenfelder.datenfeldgruppe.0103': 'datenfeldgruppe',
  'xdatenfelder.datenfeld.0104': 'datenfeld',
} as const;

/** Elements the standard allows once; a second one is reported, not silently merged. */
const singletons = [
  'identifikation',
  'name',
  'bezeichnungEingabe',
  'hilfetextEingabe',
  'feldart',
  'datentyp',
  'praezisierung',
  'inhalt',
  'vorbefuellung',
  'codelisteReferenz',
  'maxSize',
];

/** Identity attributes recognised from FIM field names, for `vorbefuellung`. */
const prefillByName: Array<[RegExp, IdentityAttribute]> = [
  [/geburtsname/i, 'birthName'],
  [/familienname|nachname/i, 'familyName'],
  [/vorname/i, 'givenNames'],
  [/doktorgrad|akademischer grad/i, 'academicTitle'],
  [/geburtsdatum/i, 'birthDate'],
  [/geburtsort/i, 'birthPlace'],
  [/staatsangeh/i, 'nationality'],
  [/e-?mail/i, 'email'],
  [/telefon|rufnummer|mobilfunk/i, 'phone'],
];

/**
 * The parts of an address group (Straße, Hausnummer, Postleitzahl, Ort), matched against the
 * whole FIM name only, so "Geburtsort" or "Ort der Bohrung" stay unmapped.
 */
const addressPartByFimName: Array<[RegExp, IdentityAttribute]> = [
  [/^stra(ß|ss)e$/i, 'addressStreet'],
  [/^hausnummer$/i, 'addressHouseNumber'],
  [/^(postleitzahl|plz)$/i, 'addressPostcode'],
  [/^(ort|wohnort)$/i, 'addressTown'],
];

/** HTML autocomplete tokens for common FIM fields (WCAG 1.3.5 "Identify Input Purpose"). */
const autocompleteByName: Array<[RegExp, string]> = [
  [/geburtsname/i, 'off'],
  [/familienname|nachname/i, 'family-name'],
  [/vorname/i, 'given-name'],
  [/doktorgrad/i, 'honorific-prefix'],
  [/geburtsdatum/i, 'bday'],
  [/straße|strasse/i, 'address-line1'],
  [/postleitzahl|^plz$/i, 'postal-code'],
  [/^(ort|wohnort)$/i, 'address-level2'],
  [/e-?mail/i, 'email'],
  [/telefon|rufnummer|mobilfunk/i, 'tel'],
  [/^iban$/i, 'off'],
];

/** The value of the first pattern in `table` that matches, remembered in `cache`. */
function firstMatch<T>(
  table: ReadonlyArray<[RegExp, T]>,
  value: string,
  cache: Map<string, T | null>,
): T | undefined {
  const known = cache.get(value);
  if (known !== undefined) return known ?? undefined;
  let found: T | null = null;
  for (const [pattern, result] of table) {
    if (pattern.test(value)) {
      found = result;
      break;
    }
  }
  cache.set(value, found);
  return found ?? undefined;
}

interface Precision {
  minLength?: number;
  maxLength?: number;
  minValue?: string;
  maxValue?: string;
  pattern?: string;
}

interface RuleUse {
  rule: FimRule;
  ownerFimId: string;
}

class Importer {
  readonly warnings: ImportWarning[] = [];
  readonly codeLists: Record<string, CodeList> = {};
  readonly rules = new Map<string, RuleUse>();
  private readonly supplied: Map<string, GenericodeList>;
  private readonly columnsByUri = new Map<string, string>();
  /** Answers of the name patterns by name: a large schema repeats the same names many times. */
  private readonly textKinds = new Map<string, 'iban' | 'email' | 'phone' | 'text'>();
  private readonly prefillCache = new Map<string, IdentityAttribute | null>();
  private readonly addressPartCache = new Map<string, IdentityAttribute | null>();
  private readonly autocompleteCache = new Map<string, string | null>();
  /** Patterns from `praezisierung` already compiled once. */
  private readonly validPatterns = new Map<string, boolean>();

  constructor(
    readonly version: XdfVersion,
    options: ImportOptions,
  ) {
    this.supplied = new Map((options.codeLists ?? []).map((list) => [list.uri, list]));
  }

  warn(code: ImportWarningCode, fimId: string, params?: WarningParams, path?: string): void {
    this.warnings.push(importWarning(code, fimId, params, path));
  }

  ident(node: XmlNode): { id: string; version?: string } {
    const identification = child(node, 'identifikation');
    const id = text(identification, 'id');
    if (id === '') throw fimError('FORM_FIM_INVALID', { reason: 'element without <identifikation><id>' });
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(id)) {
      throw fimError('FORM_FIM_INVALID', { reason: `id "${id.slice(0, 40)}" is not a FIM id` });
    }
    const version = text(identification, 'version');
    return version === '' ? { id } : { id, version };
  }

  checkSingletons(node: XmlNode, fimId: string): void {
    for (const name of singletons) {
      if (children(node, name).length > 1) this.warn('FIM_DUPLICATE_ELEMENT', fimId, { element: name });
    }
  }

  checkStatus(node: XmlNode, fimId: string, root: boolean): void {
    const status = this.version === '3.0' ? codeOf(node, 'freigabestatus') : codeOf(node, 'status');
    if (status === '') return;
    const released = this.version === '3.0' ? ['5', '6'] : ['aktiv'];
    const withdrawn = this.version === '3.0' ? ['7', '8'] : ['inaktiv'];
    if (root ? !released.includes(status) : withdrawn.includes(status)) {
      this.warn('FIM_STATUS_NOT_RELEASED', fimId, { status });
    }
  }

  readRule(node: XmlNode, ownerFimId: string): FimRule {
    const { id, version } = this.ident(node);
    const description = text(node, 'beschreibung');
    const ruleText = this.version === '3.0' ? text(node, 'freitextRegel') : text(node, 'definition');
    const type = codeOf(node, 'typ');
    // Scripts keep their line breaks: only the outer whitespace goes.
    const scriptNode = child(node, this.version === '3.0' ? 'skript' : 'script');
    const rawScript =
      typeof scriptNode === 'string'
        ? scriptNode
        : isElement(scriptNode)
          ? String(scriptNode['#text'] ?? '')
          : '';
    const script = rawScript === '' ? '' : decodeScript(rawScript);
    const rule: FimRule = { id, name: text(node, 'name') || id };
    if (version) rule.version = version;
    if (description) rule.description = description;
    if (ruleText) rule.text = ruleText;
    if (type === 'K' || type === 'M' || type === 'V' || type === 'B') rule.type = type;
    if (script) rule.script = script;
    const key = `${id}@${version ?? ''}`;
    if (!this.rules.has(key)) this.rules.set(key, { rule, ownerFimId });
    return rule;
  }

  fimReference(node: XmlNode): FimReference {
    const { id, version } = this.ident(node);
    const reference: FimReference = { id };
    if (version) reference.version = version;
    const name = text(node, 'name');
    if (name) reference.name = name;
    const bezug = children(node, 'bezug');
    if (bezug.length > 0) {
      const legalBasis = bezug.map(textOf).filter((entry) => entry !== '');
      if (legalBasis.length > 0) reference.legalBasis = legalBasis;
    }
    const regeln = children(node, 'regel');
    if (regeln.length > 0) reference.rules = regeln.map((rule) => this.readRule(rule, id));
    return reference;
  }

  labelOf(node: XmlNode, fallback: string): LocalizedText {
    return { de: text(node, 'bezeichnungEingabe') || text(node, 'name') || fallback };
  }

  hintOf(node: XmlNode): LocalizedText | undefined {
    const hint = text(node, 'hilfetextEingabe');
    return hint === '' ? undefined : { de: hint };
  }

  anzahl(value: string, fimId: string): { min: number; max: number | undefined } {
    const match = /^(\d+):(\d+|\*)$/.exec(value.replace(/\s/g, ''));
    if (!match) {
      this.warn('FIM_ANZAHL_INVALID', fimId, { anzahl: value });
      return { min: 1, max: 1 };
    }
    const min = Number(match[1]);
    const max = match[2] === '*' ? undefined : Number(match[2]);
    if (max !== undefined && (max < min || max === 0)) {
      this.warn('FIM_ANZAHL_INVALID', fimId, { anzahl: value });
      return { min: 1, max: 1 };
    }
    return { min: Math.min(min, 1_000), max: max === undefined ? undefined : Math.min(max, 1_000) };
  }

  precision(node: XmlNode, fimId: string): Precision {
    const element = child(node, 'praezisierung');
    if (element === undefined) return {};
    let raw: Record<string, unknown> = {};
    if (this.version === '2.0') {
      const json = textOf(element);
      if (json === '') return {};
      try {
        const parsed: unknown = JSON.parse(json);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
          throw new Error('not an object');
        raw = parsed as Record<string, unknown>;
      } catch {
        this.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: json.slice(0, 80) });
        return {};
      }
    } else {
      for (const name of ['minLength', 'maxLength', 'minValue', 'maxValue', 'pattern']) {
        const value = attribute(element, name);
        if (value !== undefined) raw[name] = value;
      }
      const stray = textOf(element);
      if (stray !== '')
        this.warn('FIM_TEXT_IN_ELEMENT', fimId, { text: stray.slice(0, 80), element: 'praezisierung' });
    }
    const result: Precision = {};
    for (const name of ['minLength', 'maxLength'] as const) {
      if (raw[name] === undefined || raw[name] === '') continue;
      const value = Number(raw[name]);
      if (Number.isInteger(value) && value >= 0) result[name] = value;
      else this.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: `${name}=${String(raw[name])}` });
    }
    for (const name of ['minValue', 'maxValue', 'pattern'] as const) {
      const value = raw[name];
      if (typeof value === 'string' && value !== '') result[name] = value;
      else if (typeof value === 'number') result[name] = String(value);
    }
    if (result.pattern !== undefined && !this.isValidPattern(result.pattern)) {
      this.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: `pattern ${result.pattern.slice(0, 80)}` });
      delete result.pattern;
    }
    return result;
  }

  isValidPattern(pattern: string): boolean {
    let valid = this.validPatterns.get(pattern);
    if (valid === undefined) {
      try {
        new RegExp(`^(?:${pattern})$`, 'u');
        valid = true;
      } catch {
        valid = false;
      }
      this.validPatterns.set(pattern, valid);
    }
    return valid;
  }

  /** Options of a select field: inline `werte`, or a code list (supplied or left open). */
  options(node: XmlNode, fimId: string): { options?: Option[]; codeList?: string } {
    const werte = children(child(node, 'werte'), 'wert');
    if (werte.length > 0) {
      return {
        options: werte.map((wert) => {
          const hint = text(wert, 'hilfe');
          return {
            value: text(wert, 'code'),
            label: { de: text(wert, 'name') || text(wert, 'code') },
            ...(hint ? { hint: { de: hint } } : {}),
          };
        }),
      };
    }
    const reference = child(node, 'codelisteReferenz');
    const source = this.version === '2.0' ? child(reference, 'genericodeIdentification') : reference;
    const uri = text(source, 'canonicalIdentification');
    if (uri === '') {
      this.warn('FIM_CODELIST_MISSING', fimId);
      return { options: [] };
    }
    const version = text(source, 'version');
    const codeKey = text(node, 'codeKey');
    const nameKey = text(node, 'nameKey');
    const helpKey = text(node, 'helpKey');
    // One entry per list; a second field reading other columns of the same list gets its own.
    const columns = [codeKey, nameKey, helpKey].join('#');
    const firstColumns = this.columnsByUri.get(uri);
    if (firstColumns === undefined) this.columnsByUri.set(uri, columns);
    const key = firstColumns === undefined || firstColumns === columns ? uri : `${uri}#${columns}`;
    if (!this.codeLists[key]) {
      const supplied = this.supplied.get(uri);
      if (supplied) {
        const codeColumn = codeKey || supplied.columns[0] || 'code';
        const nameColumn = nameKey || supplied.columns[1] || codeColumn;
        this.codeLists[key] = {
          uri,
          ...(supplied.version ? { version: supplied.version } : version ? { version } : {}),
          ...(supplied.name ? { title: { de: supplied.name } } : {}),
          options: supplied.rows
            .filter((row) => (row[codeColumn] ?? '') !== '')
            .map((row) => {
              const hint = helpKey ? row[helpKey] : undefined;
              return {
                value: row[codeColumn] as string,
                label: { de: row[nameColumn] || (row[codeColumn] as string) },
                ...(hint ? { hint: { de: hint } } : {}),
              };
            }),
        };
      } else {
        this.warn('FIM_CODELIST_UNRESOLVED', fimId, { uri });
        this.codeLists[key] = { uri, ...(version ? { version } : {}), options: [] };
      }
    }
    return { codeList: key };
  }

  field(
    node: XmlNode,
    key: string,
    required: boolean,
    multiple: { min: number; max: number | undefined } | undefined,
  ): Item {
    const fim = this.fimReference(node);
    const fimId = fim.id;
    this.checkSingletons(node, fimId);
    this.checkStatus(node, fimId, false);
    const feldart = codeOf(node, 'feldart') || 'input';
    const datentyp = codeOf(node, 'datentyp') || 'text';
    const label = this.labelOf(node, fimId);
    const hint = this.hintOf(node);
    const inhalt = text(node, 'inhalt');
    const precision = this.precision(node, fimId);
    const fimName = text(node, 'name');
    const name = `${fimName} ${label.de}`;
    // Objects are built as literals and completed by assignment, not by spreading optional
    // parts: a 1 MB schema has thousands of elements, and spreading objects whose shapes vary
    // costs microseconds each (it was a good part of the import).
    const hasFileLimits = children(node, 'maxSize').length > 0 || children(node, 'mediaType').length > 0;
    if (hasFileLimits && datentyp !== 'file') this.warn('FIM_FILE_LIMITS_IGNORED', fimId);

    if (feldart === 'label') {
      if (datentyp !== 'obj' && datentyp !== 'text' && datentyp !== 'text_latin') {
        this.warn('FIM_INVALID_COMBINATION', fimId, {
          detail: `feldart label, datentyp ${datentyp}`,
          consequence: { de: 'Als Hinweistext übernommen.', en: 'Kept as static text.' },
        });
      }
      return { kind: 'static', id: key, text: { de: inhalt || hint?.de || label.de }, fim };
    }

    if (feldart === 'select') {
      if (datentyp !== 'text') {
        this.warn('FIM_INVALID_COMBINATION', fimId, {
          detail: `feldart select, datentyp ${datentyp}`,
          consequence: { de: 'Als Auswahl übernommen.', en: 'Kept as a selection.' },
        });
      }
      if (
        precision.minValue !== undefined ||
        precision.maxValue !== undefined ||
        precision.pattern !== undefined
      ) {
        this.warn('FIM_INVALID_COMBINATION', fimId, {
          detail: 'minValue/maxValue/pattern bei select',
          consequence: { de: 'Sie werden ignoriert.', en: 'They are ignored.' },
        });
      }
      if (precision.minLength !== undefined || precision.maxLength !== undefined) {
        this.warn('FIM_INVALID_COMBINATION', fimId, {
          detail: 'minLength/maxLength bei select',
          consequence: { de: 'Längen werden ignoriert.', en: 'Lengths are ignored.' },
        });
      }
      const source = this.options(node, fimId);
      if (multiple) {
        const choices: FieldOf<'multiChoice'> = { kind: 'multiChoice', id: key, label, fim };
        if (hint) choices.hint = hint;
        if (source.options !== undefined) choices.options = source.options;
        if (source.codeList !== undefined) choices.codeList = source.codeList;
        if (multiple.min > 0) {
          choices.required = true;
          choices.minSelected = multiple.min;
        }
        if (multiple.max !== undefined) choices.maxSelected = multiple.max;
        return choices;
      }
      const choice: FieldOf<'choice'> = { kind: 'choice', id: key, label, fim, required };
      if (hint) choice.hint = hint;
      if (source.options !== undefined) choice.options = source.options;
      if (source.codeList !== undefined) choice.codeList = source.codeList;
      if (inhalt) choice.defaultValue = inhalt;
      return choice;
    }

    if (feldart !== 'input' && feldart !== 'hidden' && feldart !== 'locked') {
      this.warn('FIM_FELDART_UNKNOWN', fimId, { feldart });
    }
    const readOnly = feldart === 'hidden' || feldart === 'locked';
    if (feldart === 'hidden') this.warn('FIM_HIDDEN_FIELD', fimId, { inhalt });
    const prefill = this.prefill(node, fimId, name, fimName);
    const autocomplete = this.autocomplete(fimName, label.de);
    /** The properties every value field gets, added to the field's literal. */
    const complete = <F extends ValueField>(field: F): F => {
      if (hint) field.hint = hint;
      if (readOnly) field.readOnly = true;
      if (prefill !== undefined) field.prefill = prefill;
      if (autocomplete !== undefined) field.autocomplete = autocomplete;
      return field;
    };

    let field: Field;
    switch (datentyp) {
      case 'text':
      case 'text_latin': {
        this.rangesNotAllowed(precision, fimId, datentyp);
        const kind = this.textKind(name);
        if (kind === 'iban') field = complete({ kind: 'iban', id: key, label, fim, required });
        else if (kind === 'email') {
          const email = complete<FieldOf<'email'>>({ kind: 'email', id: key, label, fim, required });
          if (precision.maxLength) email.maxLength = precision.maxLength;
          field = email;
        } else if (kind === 'phone') field = complete({ kind: 'phone', id: key, label, fim, required });
        else {
          const multiline = (precision.maxLength ?? 0) > 400 && precision.pattern === undefined;
          const textual = complete<FieldOf<'text'> | FieldOf<'multiline'>>(
            multiline
              ? { kind: 'multiline', id: key, label, fim, required }
              : { kind: 'text', id: key, label, fim, required },
          );
          if (precision.minLength !== undefined) textual.minLength = precision.minLength;
          if (precision.maxLength !== undefined) textual.maxLength = precision.maxLength;
          if (datentyp === 'text_latin') textual.latin = true;
          if (textual.kind === 'text' && precision.pattern !== undefined) textual.pattern = precision.pattern;
          if (inhalt) textual.defaultValue = inhalt;
          field = textual;
        }
        break;
      }
      case 'date': {
        this.lengthsNotAllowed(precision, fimId, datentyp);
        const iso = (value: string | undefined) => {
          if (value === undefined) return undefined;
          if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
          this.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: value.slice(0, 40) });
          return undefined;
        };
        const min = iso(precision.minValue);
        const max = iso(precision.maxValue);
        const date = complete<FieldOf<'date'>>({ kind: 'date', id: key, label, fim, required });
        if (min) date.min = min;
        if (max) date.max = max;
        field = date;
        break;
      }
      case 'time':
        this.lengthsNotAllowed(precision, fimId, datentyp);
        this.warn('FIM_DATATYPE_APPROXIMATED', fimId, { datentyp, format: 'HH:MM' });
        field = complete<FieldOf<'text'>>({
          kind: 'text',
          id: key,
          label,
          fim,
          required,
          pattern: '([01][0-9]|2[0-3]):[0-5][0-9]',
          maxLength: 5,
          inputMode: 'numeric',
        });
        break;
      case 'datetime':
        this.lengthsNotAllowed(precision, fimId, datentyp);
        this.warn('FIM_DATATYPE_APPROXIMATED', fimId, { datentyp, format: 'JJJJ-MM-TTTHH:MM' });
        field = complete<FieldOf<'text'>>({
          kind: 'text',
          id: key,
          label,
          fim,
          required,
          pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]',
          maxLength: 16,
        });
        break;
      case 'bool':
        this.lengthsNotAllowed(precision, fimId, datentyp);
        this.rangesNotAllowed(precision, fimId, datentyp);
        field = complete({ kind: 'yesNo', id: key, label, fim, required });
        break;
      case 'num':
      case 'num_int': {
        this.lengthsNotAllowed(precision, fimId, datentyp);
        const numeric = complete<FieldOf<'decimal'> | FieldOf<'integer'>>(
          datentyp === 'num'
            ? { kind: 'decimal', id: key, label, fim, required }
            : { kind: 'integer', id: key, label, fim, required },
        );
        const min = this.number(precision.minValue, 1, fimId);
        const max = this.number(precision.maxValue, 1, fimId);
        if (min !== undefined) numeric.min = min;
        if (max !== undefined) numeric.max = max;
        field = numeric;
        break;
      }
      case 'num_currency': {
        this.lengthsNotAllowed(precision, fimId, datentyp);
        const money = complete<FieldOf<'money'>>({ kind: 'money', id: key, label, fim, required });
        const min = this.number(precision.minValue, 100, fimId);
        const max = this.number(precision.maxValue, 100, fimId);
        if (min !== undefined) money.min = Math.round(min);
        if (max !== undefined) money.max = Math.round(max);
        field = money;
        break;
      }
      case 'file': {
        this.lengthsNotAllowed(precision, fimId, datentyp);
        this.rangesNotAllowed(precision, fimId, datentyp);
        const accept = children(node, 'mediaType')
          .map(textOf)
          .filter((type) => type !== '');
        const maxSize = Number(text(node, 'maxSize'));
        const file = complete<FieldOf<'file'>>({ kind: 'file', id: key, label, fim, required });
        if (accept.length > 0) file.accept = accept;
        if (Number.isInteger(maxSize) && maxSize > 0) file.maxSize = maxSize;
        field = file;
        break;
      }
      case 'obj':
        this.warn('FIM_INVALID_COMBINATION', fimId, {
          detail: `feldart ${feldart}, datentyp obj`,
          consequence: { de: 'Als Hinweistext übernommen.', en: 'Kept as static text.' },
        });
        return { kind: 'static', id: key, text: { de: inhalt || hint?.de || label.de }, fim };
      default:
        this.warn('FIM_DATATYPE_UNKNOWN', fimId, { datentyp });
        field = complete({ kind: 'text', id: key, label, fim, required });
    }
    if (!multiple) return field;
    // FIM lets a single field repeat; the definition repeats groups, so the field gets one.
    const groupKey = `${key}_list`;
    this.warn('FIM_FIELD_REPEATED', fimId, {
      anzahl: `${multiple.min}:${multiple.max ?? '*'}`,
      key: groupKey,
    });
    return {
      kind: 'group',
      id: groupKey,
      title: label,
      repeat: { min: multiple.min, ...(multiple.max !== undefined ? { max: multiple.max } : {}) },
      items: [{ ...field, required: true } as Field],
    };
  }

  lengthsNotAllowed(precision: Precision, fimId: string, datentyp: string): void {
    if (precision.minLength !== undefined || precision.maxLength !== undefined) {
      this.warn('FIM_INVALID_COMBINATION', fimId, {
        detail: `minLength/maxLength bei datentyp ${datentyp}`,
        consequence: { de: 'Längen werden ignoriert.', en: 'Lengths are ignored.' },
      });
    }
  }

  rangesNotAllowed(precision: Precision, fimId: string, datentyp: string): void {
    if (precision.minValue !== undefined || precision.maxValue !== undefined) {
      this.warn('FIM_INVALID_COMBINATION', fimId, {
        detail: `minValue/maxValue bei datentyp ${datentyp}`,
        consequence: { de: 'Wertebereich wird ignoriert.', en: 'The value range is ignored.' },
      });
    }
  }

  /** A bound from the precision ("1,5" too), times `scale`, rounded to 6 decimals. */
  number(value: string | undefined, scale: number, fimId: string): number | undefined {
    if (value === undefined) return undefined;
    const parsed = Number(value.replace(',', '.'));
    if (Number.isFinite(parsed)) return Math.round(parsed * scale * 1e6) / 1e6;
    this.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: value.slice(0, 40) });
    return undefined;
  }

  /** The special text kind a field's names ask for; names repeat, so the answer is kept. */
  textKind(name: string): 'iban' | 'email' | 'phone' | 'text' {
    let kind = this.textKinds.get(name);
    if (kind === undefined) {
      if (/\biban\b/i.test(name)) kind = 'iban';
      else if (/e-?mail/i.test(name)) kind = 'email';
      else if (/telefon|rufnummer|mobilfunk/i.test(name)) kind = 'phone';
      else kind = 'text';
      this.textKinds.set(name, kind);
    }
    return kind;
  }

  prefill(node: XmlNode, fimId: string, name: string, fimName: string): Prefill | undefined {
    if (this.version !== '3.0') return undefined;
    const mode = codeOf(node, 'vorbefuellung');
    if (mode !== 'optional' && mode !== 'verpflichtend') return undefined;
    const attribute =
      firstMatch(prefillByName, name, this.prefillCache) ??
      firstMatch(addressPartByFimName, fimName.trim(), this.addressPartCache);
    if (attribute === undefined) {
      this.warn('FIM_PREFILL_UNMAPPED', fimId, { vorbefuellung: mode, name: name.trim() });
      return undefined;
    }
    // "optional": the citizen may overwrite the account's value; "verpflichtend": it is locked.
    return mode === 'optional' ? { attribute, lockVerified: false } : { attribute };
  }

  /** The autocomplete token of the first name (FIM name, then label) that has one. */
  autocomplete(fimName: string, label: string): string | undefined {
    return (
      firstMatch(autocompleteByName, fimName.trim(), this.autocompleteCache) ??
      firstMatch(autocompleteByName, label.trim(), this.autocompleteCache)
    );
  }

  group(node: XmlNode, key: string, count: { min: number; max: number | undefined }): Group | undefined {
    const fim = this.fimReference(node);
    this.checkSingletons(node, fim.id);
    this.checkStatus(node, fim.id, false);
    const items = this.structure(node);
    if (items.length === 0) {
      this.warn('FIM_EMPTY_GROUP', fim.id);
      return undefined;
    }
    const hint = this.hintOf(node);
    const group: Group = { kind: 'group', id: key, title: this.labelOf(node, fim.id), items, fim };
    if (hint) group.hint = hint;
    if (count.min !== 1 || count.max !== 1) {
      group.repeat = count.max === undefined ? { min: count.min } : { min: count.min, max: count.max };
    }
    return group;
  }

  /** The children of a schema or group, from its `struktur` elements, in order. */
  structure(node: XmlNode): Item[] {
    const items: Item[] = [];
    const used = new Set<string>();
    for (const struktur of children(node, 'struktur')) {
      const contains = child(struktur, 'enthaelt');
      const groupNode = child(contains, 'datenfeldgruppe');
      const fieldNode = child(contains, 'datenfeld');
      const element = groupNode ?? fieldNode;
      if (element === undefined) continue;
      const { id } = this.ident(element);
      const count = this.anzahl(text(struktur, 'anzahl') || '1:1', id);
      let key = id;
      for (let n = 2; used.has(key); n++) key = `${id}_${n}`;
      if (key !== id) this.warn('FIM_DUPLICATE_ID', id, { key });
      used.add(key);
      if (groupNode !== undefined) {
        const group = this.group(groupNode, key, count);
        if (group) items.push(group);
      } else if (fieldNode !== undefined) {
        const multiple = count.max === undefined || count.max > 1 ? count : undefined;
        items.push(this.field(fieldNode, key, count.min >= 1, multiple));
      }
    }
    return items;
  }
}

/** Scripts keep their line breaks; only entities are decoded and the outer whitespace trimmed. */
function decodeScript(raw: string): string {
  return raw
    .replace(
      /&(lt|gt|amp|quot|apos);/g,
      (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? '',
    )
    .trim();
}

function xdfVersionOf(xml: string): XdfVersion | undefined {
  const match = /urn:xoev-de:fim:standard:xdatenfelder_(2|3\.0\.0)(?=["'])/.exec(xml.slice(0, 16_384));
  if (!match) return undefined;
  return match[1] === '2' ? '2.0' : '3.0';
}

/**
 * A rule this kit can apply: its script is a JSON document naming the effect, the target
 * element and a JSON Logic condition over FIM ids. Anything else (JavaScript, free text) is
 * kept as documentation with a warning.
 *
 * `effect` is "showWhen", "requiredWhen" or both as an array.
 *
 *     {"effect": "requiredWhen", "target": "F90000000013",
 *      "condition": {"==": [{"var": "F90000000012"}, "listenhund"]}}
 */
type RuleEffect = 'showWhen' | 'requiredWhen';

interface MappableRule {
  effects: RuleEffect[];
  target: string;
  condition: Condition;
}

function parseMappableRule(script: string | undefined): MappableRule | undefined {
  if (script === undefined || !script.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(script);
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const { effect, target, condition } = parsed as Record<string, unknown>;
    const effects = Array.isArray(effect) ? effect : [effect];
    if (effects.length === 0 || !effects.every((e) => e === 'showWhen' || e === 'requiredWhen'))
      return undefined;
    if (typeof target !== 'string' || !isCondition(condition)) return undefined;
    return { effects: effects as RuleEffect[], target, condition };
  } catch {
    return undefined;
  }
}

function commonPrefixLength(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  let n = 0;
  while (n < as.length && n < bs.length && as[n] === bs[n]) n++;
  return n;
}

function applyRules(importer: Importer, definition: FormDefinition): void {
  // Every element with a FIM id and its data path, in document order (as walkDefinition
  // visits them, without its per-element entries: this runs over every imported element).
  const byFimId = new Map<string, Array<{ path: string; item: Item }>>();
  const visit = (item: Item, parentPath: string): void => {
    const path = parentPath === '' ? item.id : `${parentPath}.${item.id}`;
    if (item.fim) {
      const list = byFimId.get(item.fim.id);
      if (list === undefined) byFimId.set(item.fim.id, [{ path, item }]);
      else list.push({ path, item });
    }
    if (item.kind === 'group') for (const child of item.items) visit(child, path);
  };
  for (const step of definition.steps) for (const group of step.groups) visit(group, '');
  for (const { rule } of importer.rules.values()) {
    const mappable = parseMappableRule(rule.script);
    if (!mappable) {
      importer.warn('FIM_RULE_NOT_MAPPED', rule.id, { name: rule.name });
      continue;
    }
    const targets = byFimId.get(mappable.target) ?? [];
    if (targets.length === 0) {
      importer.warn('FIM_RULE_TARGET_UNKNOWN', rule.id, { name: rule.name, target: mappable.target });
      continue;
    }
    for (const target of targets) {
      let unknown: string | undefined;
      // Each var names a FIM id; it becomes the data path of the nearest element with that id.
      const translate = (node: Condition): Condition => {
        if (node === null || typeof node !== 'object') return node;
        if (Array.isArray(node)) return node.map(translate);
        const [operator, argument] = Object.entries(node)[0] as [string, Condition];
        if (operator === 'var') {
          const ref = Array.isArray(argument) ? argument[0] : argument;
          const candidates = typeof ref === 'string' ? (byFimId.get(ref) ?? []) : [];
          const best = candidates.sort(
            (a, b) => commonPrefixLength(b.path, target.path) - commonPrefixLength(a.path, target.path),
          )[0];
          if (!best) {
            unknown = String(ref);
            return node;
          }
          return { var: Array.isArray(argument) ? [best.path, ...argument.slice(1)] : best.path };
        }
        return { [operator]: translate(argument) };
      };
      const condition = translate(mappable.condition);
      if (unknown !== undefined) {
        importer.warn('FIM_RULE_TARGET_UNKNOWN', rule.id, { name: rule.name, target: unknown });
        break;
      }
      const item = target.item;
      for (const effect of mappable.effects) {
        if (effect === 'showWhen') {
          item.showWhen = item.showWhen === undefined ? condition : { and: [item.showWhen, condition] };
        } else if (item.kind === 'group' || item.kind === 'static') {
          importer.warn('FIM_RULE_NOT_MAPPED', rule.id, { name: rule.name });
        } else {
          item.requiredWhen =
            item.requiredWhen === undefined ? condition : { or: [item.requiredWhen, condition] };
        }
      }
    }
  }
}

function formIdFor(fimId: string): string {
  return `fim-${fimId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
}

/** A step per top-level group; consecutive top-level fields share a step and a group. */
function stepsFor(items: Item[], title: LocalizedText): Step[] {
  const steps: Step[] = [];
  let loose: Item[] = [];
  const used = new Set(items.map((item) => item.id));
  const flush = () => {
    if (loose.length === 0) return;
    let id = 'angaben';
    for (let n = 2; used.has(id); n++) id = `angaben_${n}`;
    used.add(id);
    steps.push({ id: `step_${id}`, title, groups: [{ kind: 'group', id, items: loose }] });
    loose = [];
  };
  for (const item of items) {
    if (item.kind === 'group') {
      flush();
      steps.push({ id: `step_${item.id}`, title: item.title ?? title, groups: [item] });
    } else {
      loose.push(item);
    }
  }
  flush();
  if (steps.length <= maxImportedSteps) return steps;
  // A schema with very many top-level groups: neighbouring groups share a step, so the
  // assistant stays navigable (and within the definition's step limit).
  const perStep = Math.ceil(steps.length / maxImportedSteps);
  const packed: Step[] = [];
  for (let i = 0; i < steps.length; i += perStep) {
    const slice = steps.slice(i, i + perStep);
    const first = slice[0] as Step;
    packed.push({ ...first, groups: slice.flatMap((step) => step.groups) });
  }
  return packed;
}

/** More steps than this and an assistant is no longer usable; authors regroup with arrangeSteps. */
const maxImportedSteps = 50;

/**
 * Reads the message and maps it. A function of its own so that the XML tree is garbage once
 * it returns: the definition check that follows allocates much, and each young-generation
 * collection during it would otherwise copy the whole tree again.
 */
function readDefinition(
  xml: string,
  options: ImportOptions,
): { definition: FormDefinition; importer: Importer; source: ImportResult['source'] } {
  const root = parseXml(xml, options.maxBytes);
  const messageName = Object.keys(root).find((name): name is keyof typeof messages => name in messages);
  const xdfVersion = xdfVersionOf(xml);
  if (!messageName || !xdfVersion) throw fimError('FORM_FIM_UNKNOWN_MESSAGE');
  const message = child(root, messageName);
  const kind = messages[messageName];
  const body = child(message, kind);
  if (body === undefined) throw fimError('FORM_FIM_INVALID', { reason: `<${kind}> missing` });
  const nachrichtID = text(child(message, 'header'), 'nachrichtID');
  const importer = new Importer(xdfVersion, options);

  let definition: FormDefinition;
  if (kind === 'stammdatenschema') {
    const { id, version } = importer.ident(body);
    importer.checkStatus(body, id, true);
    const title = {
      de:
        (xdfVersion === '3.0' ? text(body, 'bezeichnung') : text(body, 'bezeichnungEingabe')) ||
        text(body, 'name') ||
        id,
    };
    const help = xdfVersion === '3.0' ? text(body, 'hilfetext') : text(body, 'hilfetextEingabe');
    const rules = children(body, 'regel').map((rule) => importer.readRule(rule, id));
    const items = importer.structure(body);
    if (items.length === 0)
      throw fimError('FORM_FIM_INVALID', { reason: 'Stammdatenschema without elements' });
    const name = text(body, 'name');
    definition = {
      format: formDefinitionFormat,
      id: options.formId ?? formIdFor(id),
      version: version ?? '0',
      title,
      ...(help ? { description: { de: help } } : {}),
      fim: {
        id,
        ...(version ? { version } : {}),
        xdfVersion,
        ...(name ? { name } : {}),
        ...(rules.length > 0 ? { rules } : {}),
      },
      steps: stepsFor(items, title),
    };
  } else {
    const { id, version } = importer.ident(body);
    importer.checkStatus(body, id, true);
    const items =
      kind === 'datenfeldgruppe'
        ? [importer.group(body, id, { min: 1, max: 1 })]
        : importer.structure({ struktur: [{ enthaelt: [{ datenfeld: [body] }] }] });
    const present = items.filter((item): item is Item => item !== undefined);
    if (present.length === 0) throw fimError('FORM_FIM_INVALID', { reason: 'group without elements' });
    const title = importer.labelOf(body, id);
    definition = {
      format: formDefinitionFormat,
      id: options.formId ?? formIdFor(id),
      version: version ?? '0',
      title,
      fim: {
        id,
        ...(version ? { version } : {}),
        xdfVersion,
        ...(text(body, 'name') ? { name: text(body, 'name') } : {}),
      },
      steps: stepsFor(present, title),
    };
  }
  if (Object.keys(importer.codeLists).length > 0) definition.codeLists = importer.codeLists;
  return {
    definition,
    importer,
    source: { xdfVersion, message: kind, ...(nachrichtID ? { nachrichtID } : {}) },
  };
}

/**
 * Imports an XDatenfelder 2.0 or 3.0 message (Stammdatenschema, Datenfeldgruppe or Datenfeld)
 * as a form definition. Throws an EfaError (FORM_FIM_…) when the input is not such a message;
 * lists what could not be mapped one to one as warnings.
 */
export function importXDatenfelder(xml: string, options: ImportOptions = {}): ImportResult {
  const { definition, importer, source } = readDefinition(xml, options);
  applyRules(importer, definition);

  const checked = formDefinitionSchema.safeParse(definition);
  if (!checked.success) {
    const reason = checked.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw fimError('FORM_FIM_DEFINITION_INVALID', { reason });
  }
  return {
    definition: checked.data,
    warnings: importer.warnings,
    source,
  };
}
