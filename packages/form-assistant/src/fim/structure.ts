import type {
  Field,
  FieldOf,
  FimReference,
  Group,
  Item,
  LocalizedText,
  Prefill,
  ValueField,
} from '../schema/definition.js';
import type { ImportContext } from './context.js';
import { mapperFor } from './fields.js';
import { type Precision, readPrecision } from './precision.js';
import { readRule } from './rules.js';
import { child, children, codeOf, text, textOf, type XmlNode } from './xml.js';

type Count = { min: number; max: number | undefined };

/** Id, version, name, legal basis and rules of an element, as the definition keeps them. */
export function fimReference(context: ImportContext, node: XmlNode): FimReference {
  const { id, version } = context.ident(node);
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
  if (regeln.length > 0) reference.rules = regeln.map((rule) => readRule(context, rule, id));
  return reference;
}

function prefillOf(
  context: ImportContext,
  node: XmlNode,
  fimId: string,
  name: string,
  fimName: string,
): Prefill | undefined {
  if (!context.dialect.hasPrefill) return undefined;
  const mode = codeOf(node, 'vorbefuellung');
  if (mode !== 'optional' && mode !== 'verpflichtend') return undefined;
  const attribute = context.names.prefill(name, fimName);
  if (attribute === undefined) {
    context.warn('FIM_PREFILL_UNMAPPED', fimId, { vorbefuellung: mode, name: name.trim() });
    return undefined;
  }
  // "optional": the citizen may overwrite the account's value; "verpflichtend": it is locked.
  return mode === 'optional' ? { attribute, lockVerified: false } : { attribute };
}

/** What every field has, read once in the element's order (so warnings keep that order). */
interface Common {
  key: string;
  fim: FimReference;
  fimId: string;
  datentyp: string;
  label: LocalizedText;
  hint: LocalizedText | undefined;
  inhalt: string;
  precision: Precision;
  required: boolean;
}

/** A select field: one choice, or several when the structure lets the field repeat. */
function selection(
  context: ImportContext,
  node: XmlNode,
  common: Common,
  multiple: Count | undefined,
): Field {
  const { key, fim, fimId, datentyp, label, hint, inhalt, precision, required } = common;
  if (datentyp !== 'text') {
    context.warn('FIM_INVALID_COMBINATION', fimId, {
      detail: `feldart select, datentyp ${datentyp}`,
      consequence: { de: 'Als Auswahl übernommen.', en: 'Kept as a selection.' },
    });
  }
  if (
    precision.minValue !== undefined ||
    precision.maxValue !== undefined ||
    precision.pattern !== undefined
  ) {
    context.warn('FIM_INVALID_COMBINATION', fimId, {
      detail: 'minValue/maxValue/pattern bei select',
      consequence: { de: 'Sie werden ignoriert.', en: 'They are ignored.' },
    });
  }
  if (precision.minLength !== undefined || precision.maxLength !== undefined) {
    context.warn('FIM_INVALID_COMBINATION', fimId, {
      detail: 'minLength/maxLength bei select',
      consequence: { de: 'Längen werden ignoriert.', en: 'Lengths are ignored.' },
    });
  }
  const source = context.codeLists.options(node, fimId);
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

export function field(
  context: ImportContext,
  node: XmlNode,
  key: string,
  required: boolean,
  multiple: Count | undefined,
): Item {
  const fim = fimReference(context, node);
  const fimId = fim.id;
  context.checkSingletons(node, fimId);
  context.checkStatus(node, fimId, false);
  const feldart = codeOf(node, 'feldart') || 'input';
  const datentyp = codeOf(node, 'datentyp') || 'text';
  const label = context.labelOf(node, fimId);
  const hint = context.hintOf(node);
  const inhalt = text(node, 'inhalt');
  const precision = readPrecision(context, node, fimId);
  const common: Common = { key, fim, fimId, datentyp, label, hint, inhalt, precision, required };
  const hasFileLimits = children(node, 'maxSize').length > 0 || children(node, 'mediaType').length > 0;
  if (hasFileLimits && datentyp !== 'file') context.warn('FIM_FILE_LIMITS_IGNORED', fimId);

  if (feldart === 'label') {
    if (datentyp !== 'obj' && datentyp !== 'text' && datentyp !== 'text_latin') {
      context.warn('FIM_INVALID_COMBINATION', fimId, {
        detail: `feldart label, datentyp ${datentyp}`,
        consequence: { de: 'Als Hinweistext übernommen.', en: 'Kept as static text.' },
      });
    }
    return { kind: 'static', id: key, text: { de: inhalt || hint?.de || label.de }, fim };
  }
  if (feldart === 'select') return selection(context, node, common, multiple);

  if (feldart !== 'input' && feldart !== 'hidden' && feldart !== 'locked') {
    context.warn('FIM_FELDART_UNKNOWN', fimId, { feldart });
  }
  const readOnly = feldart === 'hidden' || feldart === 'locked';
  if (feldart === 'hidden') context.warn('FIM_HIDDEN_FIELD', fimId, { inhalt });
  const fimName = text(node, 'name');
  const name = `${fimName} ${label.de}`;
  const prefill = prefillOf(context, node, fimId, name, fimName);
  const autocomplete = context.names.autocomplete(fimName, label.de);
  /** The properties every value field gets, added to the field's literal. */
  const complete = <F extends ValueField>(value: F): F => {
    if (hint) value.hint = hint;
    if (readOnly) value.readOnly = true;
    if (prefill !== undefined) value.prefill = prefill;
    if (autocomplete !== undefined) value.autocomplete = autocomplete;
    return value;
  };
  const mapped = mapperFor(datentyp)({ ...common, context, node, feldart, name, complete });
  if (!multiple || mapped.kind === 'static') return mapped;
  // FIM lets a single field repeat; the definition repeats groups, so the field gets one.
  const groupKey = `${key}_list`;
  context.warn('FIM_FIELD_REPEATED', fimId, {
    anzahl: `${multiple.min}:${multiple.max ?? '*'}`,
    key: groupKey,
  });
  return {
    kind: 'group',
    id: groupKey,
    title: label,
    repeat: { min: multiple.min, ...(multiple.max !== undefined ? { max: multiple.max } : {}) },
    items: [{ ...mapped, required: true } as Field],
  };
}

export function group(context: ImportContext, node: XmlNode, key: string, count: Count): Group | undefined {
  const fim = fimReference(context, node);
  context.checkSingletons(node, fim.id);
  context.checkStatus(node, fim.id, false);
  const items = structure(context, node);
  if (items.length === 0) {
    context.warn('FIM_EMPTY_GROUP', fim.id);
    return undefined;
  }
  const hint = context.hintOf(node);
  const result: Group = { kind: 'group', id: key, title: context.labelOf(node, fim.id), items, fim };
  if (hint) result.hint = hint;
  if (count.min !== 1 || count.max !== 1) {
    result.repeat = count.max === undefined ? { min: count.min } : { min: count.min, max: count.max };
  }
  return result;
}

/** The children of a schema or group, from its `struktur` elements, in order. */
export function structure(context: ImportContext, node: XmlNode): Item[] {
  const items: Item[] = [];
  const used = new Set<string>();
  for (const struktur of children(node, 'struktur')) {
    const contains = child(struktur, 'enthaelt');
    const groupNode = child(contains, 'datenfeldgruppe');
    const fieldNode = child(contains, 'datenfeld');
    const element = groupNode ?? fieldNode;
    if (element === undefined) continue;
    const { id } = context.ident(element);
    const count = context.anzahl(text(struktur, 'anzahl') || '1:1', id);
    let key = id;
    for (let n = 2; used.has(key); n++) key = `${id}_${n}`;
    if (key !== id) context.warn('FIM_DUPLICATE_ID', id, { key });
    used.add(key);
    if (groupNode !== undefined) {
      const value = group(context, groupNode, key, count);
      if (value) items.push(value);
    } else if (fieldNode !== undefined) {
      const multiple = count.max === undefined || count.max > 1 ? count : undefined;
      items.push(field(context, fieldNode, key, count.min >= 1, multiple));
    }
  }
  return items;
}
