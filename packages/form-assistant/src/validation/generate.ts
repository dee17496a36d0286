import * as z from 'zod/mini';
import { evaluate, holds, type RepeatScope, todayIso } from '../conditions/expression.js';
import type { FormDefinition, Group, Item, Step, ValueField } from '../schema/definition.js';
import type { FormData } from '../schema/values.js';
import { findItem, isGroup } from '../schema/walk.js';
import { fieldNames, namedParams } from './field-names.js';
import { isEmptyValue, valueSchema } from './values.js';

type Path = (string | number)[];

interface Sink {
  addIssue(issue: z.core.$ZodRawIssue): void;
}

export interface ValidatorOptions {
  /** Fixed "today" (ISO date) for date bounds and conditions; the current date when absent. */
  today?: () => string;
}

/**
 * Validation generated from a definition. The same object serves the browser (one field per
 * keystroke, one step on "next") and the server (the whole application), so both say the
 * same thing in the same words: issues carry catalogue keys from `validationMessages`.
 */
export interface FormValidator {
  readonly definition: FormDefinition;
  /** Validates the whole application; the output holds only shown fields, normalized. */
  readonly application: z.ZodMiniType<FormData, unknown>;
  /** Validates the fields of one step (given the whole data, since conditions look elsewhere). */
  step(stepId: string): z.ZodMiniType<FormData, unknown>;
  /** The value schema of one field, required or not as the definition says without data. */
  field(path: string): z.ZodMiniType;
  /**
   * Validates one field's value in the context of the data (conditions, repeat item):
   * `path` with item numbers, e.g. "dogs.1.breed". Empty issues: valid.
   */
  validateField(path: string, value: unknown, data?: FormData): z.core.$ZodIssue[];
  /** Whether an element is shown for the data ("dogs.1.certificate"). */
  isShown(path: string, data: FormData): boolean;
  /** Whether a field must be answered for the data. */
  isRequired(path: string, data: FormData): boolean;
}

/** The verb of "what is missing" per kind: enter text, select an option, answer yes/no, upload. */
const missingKey: Record<ValueField['kind'], string> = {
  text: 'form.missing.enter',
  multiline: 'form.missing.enter',
  integer: 'form.missing.enter',
  decimal: 'form.missing.enter',
  money: 'form.missing.enter',
  date: 'form.missing.enter',
  email: 'form.missing.enter',
  phone: 'form.missing.enter',
  iban: 'form.missing.enter',
  address: 'form.missing.enter',
  personName: 'form.missing.enter',
  choice: 'form.missing.select',
  multiChoice: 'form.missing.select',
  yesNo: 'form.missing.yesNo',
  file: 'form.missing.upload',
};

/** A required field left empty: the message names the field (GOV.UK), in both languages. */
function missingIssue(field: ValueField, path: Path): z.core.$ZodRawIssue {
  const names = fieldNames(field);
  // A question is answered, not entered ("Welche Wärmeträgerflüssigkeit?").
  const key = missingKey[field.kind];
  const question = key === 'form.missing.enter' && names.de === undefined && names.labelDe.endsWith('?');
  return {
    code: 'custom',
    message: question ? 'form.missing.answer' : key,
    input: undefined,
    path,
    params: { ...namedParams(field), label: names.labelDe, labelEn: names.labelEn },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function createValidator(definition: FormDefinition, options: ValidatorOptions = {}): FormValidator {
  const today = options.today ?? todayIso;
  // Value schemas are built once per field and day (date bounds like "today-18y" move daily).
  let cacheDay = '';
  let cache = new Map<ValueField, z.ZodMiniType>();
  const schemaFor = (field: ValueField, day: string): z.ZodMiniType => {
    if (day !== cacheDay) {
      cache = new Map();
      cacheDay = day;
    }
    let schema = cache.get(field);
    if (!schema) {
      schema = valueSchema(definition, field, { today: day });
      cache.set(field, schema);
    }
    return schema;
  };

  const required = (field: ValueField, root: unknown, scope: RepeatScope, day: string): boolean =>
    field.required === true ||
    (field.requiredWhen !== undefined && holds(field.requiredWhen, root, { scope, today: day }));

  function checkField(
    field: ValueField,
    value: unknown,
    path: Path,
    root: unknown,
    scope: RepeatScope,
    day: string,
    sink: Sink,
  ): { ok: boolean; value?: unknown } {
    const schema = schemaFor(field, day);
    if (isEmptyValue(value)) {
      if (!required(field, root, scope, day)) return { ok: true };
      sink.addIssue(missingIssue(field, path));
      return { ok: false };
    }
    const result = schema.safeParse(value);
    if (result.success) {
      // Checks over other answers run on a value that is valid on its own.
      let ok = true;
      for (const check of field.checks ?? []) {
        if (holds(check.condition, root, { scope, today: day, value: result.data })) continue;
        ok = false;
        sink.addIssue({
          code: 'custom',
          message: 'form.check',
          input: value,
          path,
          params: { text: check.message.de, textEn: check.message.en ?? check.message.de },
        });
      }
      return ok ? { ok: true, value: result.data } : { ok: false };
    }
    for (const issue of result.error.issues) {
      sink.addIssue({ ...issue, input: value, path: [...path, ...issue.path] } as z.core.$ZodRawIssue);
    }
    return { ok: false };
  }

  function visitItems(
    items: readonly Item[],
    input: Record<string, unknown>,
    path: Path,
    keyPath: string,
    root: unknown,
    scope: RepeatScope,
    day: string,
    sink: Sink,
  ): FormData {
    const out: FormData = {};
    for (const item of items) {
      const itemKeyPath = keyPath === '' ? item.id : `${keyPath}.${item.id}`;
      if (isGroup(item)) {
        const value = visitGroup(
          item,
          input[item.id],
          [...path, item.id],
          itemKeyPath,
          root,
          scope,
          day,
          sink,
        );
        if (value !== undefined) out[item.id] = value;
        continue;
      }
      if (item.kind === 'static') continue;
      if (!holds(item.showWhen, root, { scope, today: day })) continue;
      const value =
        item.valueFrom === undefined ? input[item.id] : evaluate(item.valueFrom, root, { scope, today: day });
      const checked = checkField(item, value, [...path, item.id], root, scope, day, sink);
      if (checked.ok && checked.value !== undefined) out[item.id] = checked.value as FormData[string];
    }
    return out;
  }

  function visitGroup(
    group: Group,
    value: unknown,
    path: Path,
    keyPath: string,
    root: unknown,
    scope: RepeatScope,
    day: string,
    sink: Sink,
  ): FormData | FormData[] | undefined {
    if (!holds(group.showWhen, root, { scope, today: day })) return undefined;
    if (!group.repeat) {
      return visitItems(group.items, isRecord(value) ? value : {}, path, keyPath, root, scope, day, sink);
    }
    const list = Array.isArray(value) ? value : [];
    const { min, max } = group.repeat;
    if (list.length < min) {
      sink.addIssue({
        code: 'too_small',
        origin: 'array',
        minimum: min,
        inclusive: true,
        input: list,
        path,
        message: 'form.repeat.tooFew',
      });
    }
    const limit = max ?? 1_000;
    if (list.length > limit) {
      sink.addIssue({
        code: 'too_big',
        origin: 'array',
        maximum: limit,
        inclusive: true,
        input: list,
        path,
        message: 'form.repeat.tooMany',
      });
    }
    return list.slice(0, limit).map((entry, index) => {
      const itemScope = new Map(scope).set(keyPath, index);
      return visitItems(
        group.items,
        isRecord(entry) ? entry : {},
        [...path, index],
        keyPath,
        root,
        itemScope,
        day,
        sink,
      );
    });
  }

  function visitSteps(steps: readonly Step[], input: unknown, sink: Sink): FormData {
    const day = today();
    const root = isRecord(input) ? input : {};
    const out: FormData = {};
    for (const step of steps) {
      if (!holds(step.showWhen, root, { today: day })) continue;
      for (const group of step.groups) {
        const value = visitGroup(group, root[group.id], [group.id], group.id, root, new Map(), day, sink);
        if (value !== undefined) out[group.id] = value;
      }
    }
    return out;
  }

  const schemaForSteps = (steps: readonly Step[]): z.ZodMiniType<FormData, unknown> =>
    z.pipe(
      z.unknown(),
      z.transform((input: unknown, ctx): FormData => {
        if (!isRecord(input)) {
          ctx.issues.push({ code: 'custom', message: 'form.required', input });
          return z.NEVER;
        }
        return visitSteps(steps, input, {
          addIssue(issue) {
            ctx.issues.push(issue);
          },
        });
      }),
    );

  const application = schemaForSteps(definition.steps);
  const stepSchemas = new Map<string, z.ZodMiniType<FormData, unknown>>();

  /** Scope and shown-ness of a concrete path ("dogs.1.breed"). */
  function locate(path: string, data: FormData) {
    const entry = findItem(definition, path);
    if (!entry) throw new RangeError(`No element at ${path}`);
    const day = today();
    const segments = path.split('.');
    const scope = new Map<string, number>();
    let keyPath = '';
    let shown = holds(entry.step.showWhen, data, { today: day });
    let ancestorIndex = 0;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as string;
      if (/^\d+$/.test(segment)) {
        scope.set(keyPath, Number(segment));
        continue;
      }
      keyPath = keyPath === '' ? segment : `${keyPath}.${segment}`;
      const ancestor = entry.ancestors[ancestorIndex];
      if (ancestor && ancestor.id === segment && ancestorIndex < entry.ancestors.length) {
        ancestorIndex += 1;
        // A group's own condition is evaluated in the scope outside its items.
        shown = shown && holds(ancestor.showWhen, data, { scope: new Map(scope), today: day });
      }
    }
    shown = shown && holds(entry.item.showWhen, data, { scope, today: day });
    return { entry, scope, shown, day };
  }

  return {
    definition,
    application,
    step(stepId) {
      let schema = stepSchemas.get(stepId);
      if (!schema) {
        const step = definition.steps.find((s) => s.id === stepId);
        if (!step) throw new RangeError(`No step ${stepId}`);
        schema = schemaForSteps([step]);
        stepSchemas.set(stepId, schema);
      }
      return schema;
    },
    field(path) {
      const entry = findItem(definition, path);
      if (!entry || isGroup(entry.item) || entry.item.kind === 'static')
        throw new RangeError(`No field at ${path}`);
      const field = entry.item;
      const schema = schemaFor(field, today());
      return field.required
        ? schema
        : z.pipe(
            z.transform((v: unknown) => (isEmptyValue(v) ? undefined : v)),
            z.optional(schema),
          );
    },
    validateField(path, value, data = {}) {
      const { entry, scope, shown, day } = locate(path, data);
      const field = entry.item;
      if (!shown || isGroup(field) || field.kind === 'static') return [];
      const issues: z.core.$ZodIssue[] = [];
      const sink: Sink = {
        addIssue(issue) {
          issues.push(issue as z.core.$ZodIssue);
        },
      };
      const computed =
        field.valueFrom === undefined ? value : evaluate(field.valueFrom, data, { scope, today: day });
      checkField(field, computed, [], data, scope, day, sink);
      return issues;
    },
    isShown(path, data) {
      return locate(path, data).shown;
    },
    isRequired(path, data) {
      const { entry, scope, shown, day } = locate(path, data);
      const field = entry.item;
      if (!shown || isGroup(field) || field.kind === 'static') return false;
      return required(field, data, scope, day);
    },
  };
}
