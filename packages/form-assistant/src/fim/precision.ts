import type { ImportContext } from './context.js';
import { child, type XmlNode } from './xml.js';

/** A field's Präzisierung, read and checked: lengths as integers, a pattern that compiles. */
export interface Precision {
  minLength?: number;
  maxLength?: number;
  minValue?: string;
  maxValue?: string;
  pattern?: string;
}

/** Patterns already compiled once: a large schema repeats the same few. */
const validPatterns = new Map<string, boolean>();

export function isValidPattern(pattern: string): boolean {
  let valid = validPatterns.get(pattern);
  if (valid === undefined) {
    try {
      new RegExp(`^(?:${pattern})$`, 'u');
      valid = true;
    } catch {
      valid = false;
    }
    if (validPatterns.size < 10_000) validPatterns.set(pattern, valid);
  }
  return valid;
}

export function readPrecision(context: ImportContext, node: XmlNode, fimId: string): Precision {
  const element = child(node, 'praezisierung');
  if (element === undefined) return {};
  const { values: raw, unreadable, strayText } = context.dialect.readPrecision(element);
  if (unreadable !== undefined) {
    context.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: unreadable });
    return {};
  }
  if (strayText !== undefined) {
    context.warn('FIM_TEXT_IN_ELEMENT', fimId, { text: strayText, element: 'praezisierung' });
  }
  const result: Precision = {};
  for (const name of ['minLength', 'maxLength'] as const) {
    if (raw[name] === undefined || raw[name] === '') continue;
    const value = Number(raw[name]);
    if (Number.isInteger(value) && value >= 0) result[name] = value;
    else context.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: `${name}=${String(raw[name])}` });
  }
  for (const name of ['minValue', 'maxValue', 'pattern'] as const) {
    const value = raw[name];
    if (typeof value === 'string' && value !== '') result[name] = value;
    else if (typeof value === 'number') result[name] = String(value);
  }
  if (result.pattern !== undefined && !isValidPattern(result.pattern)) {
    context.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: `pattern ${result.pattern.slice(0, 80)}` });
    delete result.pattern;
  }
  return result;
}

/** A bound from the precision ("1,5" too), times `scale`, rounded to 6 decimals. */
export function precisionNumber(
  context: ImportContext,
  value: string | undefined,
  scale: number,
  fimId: string,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value.replace(',', '.'));
  if (Number.isFinite(parsed)) return Math.round(parsed * scale * 1e6) / 1e6;
  context.warn('FIM_PRAEZISIERUNG_INVALID', fimId, { detail: value.slice(0, 40) });
  return undefined;
}
