import type { FormDefinition, Group, Item, LocalizedText, Step } from './definition.js';

/**
 * Form authoring on top of an import: what FIM does not say (steps, help, conditions, English
 * texts) is added with these functions, so the imported part can be re-imported when the FIM
 * schema changes and the additions applied again. All return a new definition.
 */

function mapItems(
  items: readonly Item[],
  parentPath: string,
  path: string,
  update: (item: Item) => Item,
): Item[] {
  return items.map((item) => {
    const itemPath = parentPath === '' ? item.id : `${parentPath}.${item.id}`;
    if (itemPath === path) return update(item);
    if (item.kind === 'group' && path.startsWith(`${itemPath}.`)) {
      return { ...item, items: mapItems(item.items, itemPath, path, update) };
    }
    return item;
  });
}

/** Replaces the element at a data path ("G99777000030.F99777000036") by `update(element)`. */
export function updateItem(
  definition: FormDefinition,
  path: string,
  update: (item: Item) => Item,
): FormDefinition {
  let found = false;
  const tracked = (item: Item) => {
    found = true;
    return update(item);
  };
  const steps = definition.steps.map((step) => ({
    ...step,
    groups: mapItems(step.groups, '', path, tracked) as Group[],
  }));
  if (!found) throw new RangeError(`No element at ${path}`);
  return { ...definition, steps };
}

/** Merges properties into the element at a path (a hint, a condition, bounds). */
export function patchItem(definition: FormDefinition, path: string, patch: Partial<Item>): FormDefinition {
  return updateItem(definition, path, (item) => ({ ...item, ...patch }) as Item);
}

export interface StepPlan extends Omit<Step, 'groups'> {
  /** Top-level group ids, in order. */
  groups: string[];
}

/** Regroups the top-level groups into steps; every group must be placed exactly once. */
export function arrangeSteps(definition: FormDefinition, plan: readonly StepPlan[]): FormDefinition {
  const groups = new Map(definition.steps.flatMap((step) => step.groups).map((group) => [group.id, group]));
  const placed = new Set<string>();
  const steps: Step[] = plan.map(({ groups: ids, ...step }) => ({
    ...step,
    groups: ids.map((id) => {
      const group = groups.get(id);
      if (!group) throw new RangeError(`No top-level group ${id}`);
      if (placed.has(id)) throw new RangeError(`Group ${id} placed twice`);
      placed.add(id);
      return group;
    }),
  }));
  const missing = [...groups.keys()].filter((id) => !placed.has(id));
  if (missing.length > 0) throw new RangeError(`Groups not placed: ${missing.join(', ')}`);
  return { ...definition, steps };
}

/** English (or corrected German) texts for one element. */
export interface ElementTexts {
  label?: string;
  hint?: string;
  title?: string;
  text?: string;
  /** Inline options by value. */
  options?: Record<string, string>;
}

const withEnglish = (text: LocalizedText | undefined, en: string | undefined): LocalizedText | undefined =>
  text === undefined || en === undefined ? text : { ...text, en };

/**
 * Adds English texts by data path, and to code lists by list key and value. Paths or values
 * that do not exist throw, so a changed FIM schema is noticed rather than left half-translated.
 */
export function addEnglish(
  definition: FormDefinition,
  texts: Record<string, ElementTexts>,
  codeLists: Record<string, Record<string, string>> = {},
): FormDefinition {
  let result = definition;
  for (const [path, en] of Object.entries(texts)) {
    result = updateItem(result, path, (item) => {
      const next = { ...item } as Item & Record<string, unknown>;
      if ('label' in item) next.label = withEnglish(item.label, en.label);
      if (en.hint !== undefined) {
        const hint = 'hint' in item ? item.hint : undefined;
        if (hint === undefined) throw new RangeError(`${path} has no German hint`);
        next.hint = withEnglish(hint, en.hint);
      }
      if (item.kind === 'group') next.title = withEnglish(item.title, en.title);
      if (item.kind === 'static') next.text = withEnglish(item.text, en.text);
      if (en.options && (item.kind === 'choice' || item.kind === 'multiChoice')) {
        next.options = (item.options ?? []).map((option) => ({
          ...option,
          label: withEnglish(option.label, en.options?.[option.value]) ?? option.label,
        }));
      }
      return next as Item;
    });
  }
  if (Object.keys(codeLists).length === 0) return result;
  const lists = { ...result.codeLists };
  for (const [key, labels] of Object.entries(codeLists)) {
    const list = lists[key];
    if (!list) throw new RangeError(`No code list ${key}`);
    const values = new Set(list.options.map((option) => option.value));
    for (const value of Object.keys(labels))
      if (!values.has(value)) throw new RangeError(`No code ${value} in ${key}`);
    lists[key] = {
      ...list,
      options: list.options.map((option) => ({
        ...option,
        label: withEnglish(option.label, labels[option.value]) ?? option.label,
      })),
    };
  }
  return { ...result, codeLists: lists };
}

/** Paths of texts without English, for a test that keeps a blueprint complete. */
export function missingEnglish(definition: FormDefinition): string[] {
  const missing: string[] = [];
  const check = (path: string, text: LocalizedText | undefined) => {
    if (text !== undefined && (text.en === undefined || text.en.trim() === '')) missing.push(path);
  };
  check('title', definition.title);
  check('description', definition.description);
  const visit = (items: readonly Item[], parent: string) => {
    for (const item of items) {
      const path = parent === '' ? item.id : `${parent}.${item.id}`;
      check(`${path}#hint`, 'hint' in item ? item.hint : undefined);
      if (item.kind === 'group') {
        check(`${path}#title`, item.title);
        check(`${path}#itemLabel`, item.repeat?.itemLabel);
        check(`${path}#addLabel`, item.repeat?.addLabel);
        check(`${path}#removeLabel`, item.repeat?.removeLabel);
        visit(item.items, path);
        continue;
      }
      if (item.kind === 'static') {
        check(`${path}#text`, item.text);
        continue;
      }
      check(`${path}#label`, item.label);
      if ((item.kind === 'choice' || item.kind === 'multiChoice') && item.options) {
        for (const option of item.options) check(`${path}#option:${option.value}`, option.label);
      }
      if ((item.kind === 'text' && item.patternMessage) || 'unit' in item) {
        check(`${path}#patternMessage`, item.kind === 'text' ? item.patternMessage : undefined);
        check(`${path}#unit`, 'unit' in item ? item.unit : undefined);
      }
    }
  };
  for (const step of definition.steps) {
    check(`step:${step.id}#title`, step.title);
    check(`step:${step.id}#description`, step.description);
    visit(step.groups, '');
  }
  for (const [key, list] of Object.entries(definition.codeLists ?? {})) {
    for (const option of list.options) check(`codeList:${key}#${option.value}`, option.label);
  }
  return missing;
}
