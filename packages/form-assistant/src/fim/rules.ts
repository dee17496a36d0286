import { type Condition, isCondition } from '../conditions/expression.js';
import type { FimRule, FormDefinition, Item } from '../schema/definition.js';
import type { ImportContext } from './context.js';
import { child, codeOf, isElement, text, type XmlNode } from './xml.js';

/** Scripts keep their line breaks; only entities are decoded and the outer whitespace trimmed. */
function decodeScript(raw: string): string {
  return raw
    .replace(
      /&(lt|gt|amp|quot|apos);/g,
      (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? '',
    )
    .trim();
}

/** A rule as documentation; each rule (id and version) is remembered once for mapping. */
export function readRule(context: ImportContext, node: XmlNode, ownerFimId: string): FimRule {
  const { id, version } = context.ident(node);
  const description = text(node, 'beschreibung');
  const ruleText = text(node, context.dialect.ruleTextElement);
  const type = codeOf(node, 'typ');
  // Scripts keep their line breaks: only the outer whitespace goes.
  const scriptNode = child(node, context.dialect.scriptElement);
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
  if (!context.rules.has(key)) context.rules.set(key, { rule, ownerFimId });
  return rule;
}

/**
 * A rule this kit can apply: its script is a JSON document naming the effect, the target
 * element and a JSON Logic expression over FIM ids (`{"var": "F…"}`). Anything else
 * (JavaScript, free text) is kept as documentation with a warning (FIM_RULE_NOT_MAPPED).
 * The shapes, by `effect` (one, or several as an array):
 *
 * - required if: `"requiredWhen"` with a `condition`
 *       {"effect": "requiredWhen", "target": "F90000000013",
 *        "condition": {"==": [{"var": "F90000000012"}, "listenhund"]}}
 * - shown if: `"showWhen"` with a `condition`
 * - comparison (Validierungsregel): `"validWhen"` with a `condition` that must hold while the
 *   target has a value (`{"value": []}` or the target's own id stand for it); the message is
 *   `"message"` ({"de", "en"}), else the rule's text
 *       {"effect": "validWhen", "target": "F2", "condition": {"<=": [{"var": "F2"}, {"var": "F1"}]}}
 * - value from another field (Berechnungsregel): `"valueFrom"` with a `value` expression
 *       {"effect": "valueFrom", "target": "F2", "value": {"var": "F1"}}
 */
const ruleEffects = ['showWhen', 'requiredWhen', 'validWhen', 'valueFrom'] as const;
type RuleEffect = (typeof ruleEffects)[number];

interface MappableRule {
  effects: RuleEffect[];
  target: string;
  /** The condition, or for valueFrom the value expression. */
  condition: Condition;
  message?: { de: string; en?: string };
}

function messageOf(value: unknown): { de: string; en?: string } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { de, en } = value as Record<string, unknown>;
  if (typeof de !== 'string' || de === '' || de.length > 2_000) return undefined;
  return typeof en === 'string' && en !== '' && en.length <= 2_000 ? { de, en } : { de };
}

function parseMappableRule(script: string | undefined): MappableRule | undefined {
  if (script === undefined || !script.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(script);
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const { effect, target, condition, value, message } = parsed as Record<string, unknown>;
    const effects = Array.isArray(effect) ? effect : [effect];
    if (effects.length === 0 || !effects.every((e) => (ruleEffects as readonly unknown[]).includes(e))) {
      return undefined;
    }
    // valueFrom computes; it does not mix with conditions in one rule.
    const computes = effects.includes('valueFrom');
    if (computes && effects.length > 1) return undefined;
    const expression = computes ? value : condition;
    if (typeof target !== 'string' || !isCondition(expression)) return undefined;
    const text = messageOf(message);
    return {
      effects: effects as RuleEffect[],
      target,
      condition: expression,
      ...(text ? { message: text } : {}),
    };
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

type Located = { path: string; item: Item };

/** Every element with a FIM id and its data path, in document order. */
function elementsByFimId(definition: FormDefinition): Map<string, Located[]> {
  // As walkDefinition visits them, without its per-element entries: this runs over every
  // imported element.
  const byFimId = new Map<string, Located[]>();
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
  return byFimId;
}

/**
 * Each var names a FIM id; it becomes the data path of the element with that id nearest to
 * the target. Returns the unknown id when one has no element.
 */
function translate(
  condition: Condition,
  byFimId: Map<string, Located[]>,
  targetPath: string,
): { condition: Condition; unknown?: string } {
  let unknown: string | undefined;
  const visit = (node: Condition): Condition => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(visit);
    const [operator, argument] = Object.entries(node)[0] as [string, Condition];
    if (operator === 'var') {
      const ref = Array.isArray(argument) ? argument[0] : argument;
      const candidates = typeof ref === 'string' ? (byFimId.get(ref) ?? []) : [];
      const best = candidates.sort(
        (a, b) => commonPrefixLength(b.path, targetPath) - commonPrefixLength(a.path, targetPath),
      )[0];
      if (!best) {
        unknown = String(ref);
        return node;
      }
      return { var: Array.isArray(argument) ? [best.path, ...argument.slice(1)] : best.path };
    }
    return { [operator]: visit(argument) };
  };
  const translated = visit(condition);
  return unknown === undefined ? { condition: translated } : { condition: translated, unknown };
}

/** Applies the rules that are conditions to their targets; lists the others as warnings. */
export function applyRules(context: ImportContext, definition: FormDefinition): void {
  const byFimId = elementsByFimId(definition);
  for (const { rule } of context.rules.values()) {
    const mappable = parseMappableRule(rule.script);
    if (!mappable) {
      context.warn('FIM_RULE_NOT_MAPPED', rule.id, { name: rule.name });
      continue;
    }
    const targets = byFimId.get(mappable.target) ?? [];
    if (targets.length === 0) {
      context.warn('FIM_RULE_TARGET_UNKNOWN', rule.id, { name: rule.name, target: mappable.target });
      continue;
    }
    for (const target of targets) {
      const { condition, unknown } = translate(mappable.condition, byFimId, target.path);
      if (unknown !== undefined) {
        context.warn('FIM_RULE_TARGET_UNKNOWN', rule.id, { name: rule.name, target: unknown });
        break;
      }
      const item = target.item;
      for (const effect of mappable.effects) {
        if (effect === 'showWhen') {
          item.showWhen = item.showWhen === undefined ? condition : { and: [item.showWhen, condition] };
        } else if (item.kind === 'group' || item.kind === 'static') {
          context.warn('FIM_RULE_NOT_MAPPED', rule.id, { name: rule.name });
        } else if (effect === 'requiredWhen') {
          item.requiredWhen =
            item.requiredWhen === undefined ? condition : { or: [item.requiredWhen, condition] };
        } else if (effect === 'validWhen') {
          const check = {
            condition,
            message: mappable.message ?? { de: rule.text ?? rule.name },
            fimRule: rule.id,
          };
          item.checks = item.checks === undefined ? [check] : [...item.checks, check];
        } else {
          item.valueFrom = condition;
        }
      }
    }
  }
}
