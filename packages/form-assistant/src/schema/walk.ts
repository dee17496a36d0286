import { type Condition, referencedPaths } from '../conditions/expression.js';
import type { CodeList, Field, FormDefinition, Group, Item, Option, Step, ValueField } from './definition.js';
import { definitionLimits } from './limits.js';

/** One element of a definition with where its value lives. */
export interface ItemEntry {
  item: Item;
  /** Dotted data path without item numbers ("dogs.breed"). */
  path: string;
  /** The step the element is on. */
  step: Step;
  /** Enclosing groups, outermost first. */
  ancestors: Group[];
}

export function isGroup(item: Item): item is Group {
  return item.kind === 'group';
}

export function isValueField(item: Item): item is ValueField {
  return item.kind !== 'group' && item.kind !== 'static';
}

/** Every group and field in document order, with data paths. */
export function* walkDefinition(definition: FormDefinition): Generator<ItemEntry> {
  function* visit(item: Item, parentPath: string, step: Step, ancestors: Group[]): Generator<ItemEntry> {
    const path = parentPath === '' ? item.id : `${parentPath}.${item.id}`;
    yield { item, path, step, ancestors };
    if (isGroup(item)) {
      for (const child of item.items) yield* visit(child, path, step, [...ancestors, item]);
    }
  }
  for (const step of definition.steps) {
    for (const group of step.groups) yield* visit(group, '', step, []);
  }
}

/** The element at a data path ("dogs.breed"; item numbers are ignored: "dogs.0.breed" works too). */
export function findItem(definition: FormDefinition, path: string): ItemEntry | undefined {
  const wanted = path
    .split('.')
    .filter((segment) => !/^\d+$/.test(segment))
    .join('.');
  for (const entry of walkDefinition(definition)) if (entry.path === wanted) return entry;
  return undefined;
}

/** The options of a choice field, inline or from the definition's code lists. */
export function fieldOptions(definition: FormDefinition, field: Field): Option[] {
  if (field.kind !== 'choice' && field.kind !== 'multiChoice') return [];
  if (field.options) return field.options;
  const list: CodeList | undefined = field.codeList ? definition.codeLists?.[field.codeList] : undefined;
  return list?.options ?? [];
}

export interface DefinitionProblem {
  path: string;
  message: string;
}

/**
 * Checks what zod's shape cannot: unique keys per level, resolvable references, sane bounds.
 * Returns problems rather than throwing so the importer can report all at once.
 */
export function checkDefinition(definition: FormDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const paths = new Set<string>();
  const stepIds = new Set<string>();
  for (const step of definition.steps) {
    if (stepIds.has(step.id)) problems.push({ path: step.id, message: `duplicate step id "${step.id}"` });
    stepIds.add(step.id);
  }
  const conditions: Array<{ path: string; condition: Condition }> = [];
  for (const entry of walkDefinition(definition)) {
    const { item, path } = entry;
    if (paths.has(path)) problems.push({ path, message: `duplicate id "${item.id}" on one level` });
    if (entry.ancestors.length >= definitionLimits.depth) {
      problems.push({ path, message: `groups nested deeper than ${definitionLimits.depth}` });
    }
    paths.add(path);
    if (item.showWhen !== undefined) conditions.push({ path, condition: item.showWhen });
    if (item.kind === 'group') {
      if (item.items.length === 0) problems.push({ path, message: 'group without elements' });
      if (item.repeat?.max !== undefined && item.repeat.max < item.repeat.min) {
        problems.push({ path, message: 'repeat max is below min' });
      }
      continue;
    }
    if (item.kind === 'static') continue;
    if (item.requiredWhen !== undefined) conditions.push({ path, condition: item.requiredWhen });
    for (const check of item.checks ?? []) conditions.push({ path, condition: check.condition });
    if (item.valueFrom !== undefined) conditions.push({ path, condition: item.valueFrom });
    if (item.kind === 'choice' || item.kind === 'multiChoice') {
      if (item.codeList !== undefined && !definition.codeLists?.[item.codeList]) {
        problems.push({ path, message: `unknown code list "${item.codeList}"` });
      }
      if (item.options === undefined && item.codeList === undefined) {
        problems.push({ path, message: 'choice without options or code list' });
      }
    }
    if ('min' in item && 'max' in item && item.min !== undefined && item.max !== undefined) {
      if (typeof item.min === 'number' && typeof item.max === 'number' && item.max < item.min) {
        problems.push({ path, message: 'max is below min' });
      }
    }
    if ('minLength' in item && item.minLength !== undefined && item.maxLength !== undefined) {
      if (item.maxLength < item.minLength) problems.push({ path, message: 'maxLength is below minLength' });
    }
    if (item.kind === 'text' && item.pattern !== undefined) {
      try {
        new RegExp(item.pattern, 'u');
      } catch {
        problems.push({ path, message: `invalid pattern ${item.pattern}` });
      }
    }
  }
  problems.push(...placeProblems(definition));
  for (const { path, condition } of conditions) {
    for (const ref of referencedPaths(condition)) {
      const bare = ref
        .split('.')
        .filter((segment) => !/^\d+$/.test(segment))
        .join('.');
      if (!paths.has(bare)) problems.push({ path, message: `condition reads unknown path "${ref}"` });
    }
  }
  return problems;
}

/** `placeFrom` must name fields outside repeatable groups: an address field, or value fields. */
function placeProblems(definition: FormDefinition): DefinitionProblem[] {
  const source = definition.placeFrom;
  if (!source) return [];
  const problems: DefinitionProblem[] = [];
  const wanted: Array<[string, 'address' | 'value']> =
    'address' in source
      ? [[source.address, 'address']]
      : [
          [source.postcode, 'value'],
          ...(source.municipality ? [[source.municipality, 'value'] as [string, 'value']] : []),
        ];
  for (const [path, kind] of wanted) {
    const entry = findItem(definition, path);
    if (!entry || entry.path !== path || isGroup(entry.item) || entry.item.kind === 'static') {
      problems.push({ path: 'placeFrom', message: `placeFrom names no field at "${path}"` });
    } else if (entry.ancestors.some((group) => group.repeat)) {
      problems.push({ path: 'placeFrom', message: `placeFrom field "${path}" is inside a repeatable group` });
    } else if (kind === 'address' && entry.item.kind !== 'address') {
      problems.push({ path: 'placeFrom', message: `placeFrom.address "${path}" is not an address field` });
    }
  }
  return problems;
}
