/**
 * Conditions are JSON Logic (jsonlogic.com) restricted to a fixed set of operations and
 * evaluated by this interpreter: a definition may come from anywhere, so nothing in it is
 * ever turned into code (no eval, no Function, no property access beyond plain data).
 *
 *     { "==": [{ "var": "holder.isOwner" }, false] }
 *     { "and": [{ ">=": [{ "var": "dogs.weightKg" }, 20] }, { "!": { "var": "dogs.isGuideDog" } }] }
 *
 * `var` takes a dotted path from the root of the application data. Inside a repeatable group a
 * path through the group without an item number means "this item" ("dogs.breed" while
 * evaluating the second dog is "dogs.1.breed").
 *
 * `{"value": []}` is the value of the field a check belongs to (`checks` on a field), so one
 * check reads the same in every repeat item: `{"<=": [{"value": []}, {"var": "rent.totalRent"}]}`.
 */
export type Condition = null | boolean | number | string | Condition[] | { [operator: string]: Condition };

export const conditionOperators = [
  'var',
  'missing',
  '==',
  '!=',
  '===',
  '!==',
  '!',
  '!!',
  'and',
  'or',
  'if',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  '+',
  '-',
  '*',
  '/',
  'today',
  'value',
] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

const operatorSet: ReadonlySet<string> = new Set(conditionOperators);
const maxDepth = 32;
const maxNodes = 2_000;

/** Why a value is not a condition, or undefined when it is one. */
export function conditionProblem(value: unknown): string | undefined {
  let nodes = 0;
  const visit = (node: unknown, depth: number): string | undefined => {
    nodes += 1;
    if (nodes > maxNodes) return `more than ${maxNodes} nodes`;
    if (depth > maxDepth) return `nested deeper than ${maxDepth}`;
    if (node === null || typeof node === 'boolean' || typeof node === 'string') return undefined;
    if (typeof node === 'number') return Number.isFinite(node) ? undefined : 'non-finite number';
    if (Array.isArray(node)) {
      for (const child of node) {
        const problem = visit(child, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    if (typeof node !== 'object') return `unsupported value of type ${typeof node}`;
    const keys = Object.keys(node);
    if (keys.length !== 1) return 'an operation must have exactly one operator';
    const operator = keys[0] as string;
    if (!operatorSet.has(operator)) return `unknown operator "${operator}"`;
    const argument = (node as Record<string, unknown>)[operator];
    if (operator === 'var') {
      const path = Array.isArray(argument) ? argument[0] : argument;
      if (typeof path !== 'string') return 'var needs a path string';
      if (!/^[A-Za-z0-9_.-]*$/.test(path)) return `invalid var path "${path}"`;
    }
    return visit(argument, depth + 1);
  };
  return visit(value, 0);
}

export function isCondition(value: unknown): value is Condition {
  return conditionProblem(value) === undefined;
}

/** Indices of the repeat items being evaluated, keyed by the group's path without indices. */
export type RepeatScope = ReadonlyMap<string, number>;

const emptyScope: RepeatScope = new Map();

/** Reads a dotted path from data, using the scope's item numbers for repeatable groups. */
export function resolvePath(data: unknown, path: string, scope: RepeatScope = emptyScope): unknown {
  if (path === '') return data;
  let current: unknown = data;
  let keyPath = '';
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      const index = /^\d+$/.test(segment) ? Number(segment) : scope.get(keyPath);
      if (index === undefined) return undefined;
      current = current[index];
      if (/^\d+$/.test(segment)) continue;
    }
    if (current === null || typeof current !== 'object') return undefined;
    // Own properties only: a path like "__proto__.x" must not reach Object.prototype.
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
    keyPath = keyPath === '' ? segment : `${keyPath}.${segment}`;
  }
  return current;
}

export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null || value === undefined || value === '') return Number.NaN;
  return Number(value);
}

/** JavaScript's loose equality, spelled out (null equals undefined, numbers compare to numeric strings). */
function looseEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'object' || typeof b === 'object') return false;
  if (typeof a === typeof b) return false;
  return toNumber(a) === toNumber(b);
}

/** Ordering: ISO dates and other strings compare as text, everything else as numbers. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const na = Number(a);
    const nb = Number(b);
    if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const na = toNumber(a);
  const nb = toNumber(b);
  if (Number.isNaN(na) || Number.isNaN(nb)) return Number.NaN;
  return na - nb;
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

export interface EvaluateOptions {
  scope?: RepeatScope;
  /** ISO date used for `{"today": []}`; the current date when absent. */
  today?: string;
  /** What `{"value": []}` stands for: the value of the field being checked. */
  value?: unknown;
}

export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Evaluates a condition against application data. Unknown operators throw (they were rejected on parse). */
export function evaluate(condition: Condition, data: unknown, options: EvaluateOptions = {}): unknown {
  const scope = options.scope ?? emptyScope;
  const run = (node: Condition): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(run);
    const operator = Object.keys(node)[0] as string;
    const raw = node[operator] as Condition;
    const args: Condition[] = Array.isArray(raw) ? raw : [raw];
    switch (operator) {
      case 'var': {
        const path = run(args[0] ?? '');
        const value = resolvePath(data, String(path ?? ''), scope);
        return value === undefined && args.length > 1 ? run(args[1] ?? null) : value;
      }
      case 'missing': {
        const paths = args.flatMap((a) => {
          const v = run(a);
          return Array.isArray(v) ? v : [v];
        });
        return paths.filter((p) => isEmpty(resolvePath(data, String(p), scope)));
      }
      case '==':
        return looseEquals(run(args[0] ?? null), run(args[1] ?? null));
      case '!=':
        return !looseEquals(run(args[0] ?? null), run(args[1] ?? null));
      case '===':
        return run(args[0] ?? null) === run(args[1] ?? null);
      case '!==':
        return run(args[0] ?? null) !== run(args[1] ?? null);
      case '!':
        return !truthy(run(args[0] ?? null));
      case '!!':
        return truthy(run(args[0] ?? null));
      case 'and': {
        let value: unknown = true;
        for (const arg of args) {
          value = run(arg);
          if (!truthy(value)) return value;
        }
        return value;
      }
      case 'or': {
        let value: unknown = false;
        for (const arg of args) {
          value = run(arg);
          if (truthy(value)) return value;
        }
        return value;
      }
      case 'if': {
        let i = 0;
        for (; i + 1 < args.length; i += 2) {
          if (truthy(run(args[i] ?? null))) return run(args[i + 1] ?? null);
        }
        return i < args.length ? run(args[i] ?? null) : null;
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const values = args.map(run);
        // JSON Logic's "between": {"<": [a, b, c]} means a < b < c.
        for (let i = 0; i + 1 < values.length; i++) {
          const c = compare(values[i], values[i + 1]);
          if (Number.isNaN(c)) return false;
          const ok =
            operator === '<' ? c < 0 : operator === '<=' ? c <= 0 : operator === '>' ? c > 0 : c >= 0;
          if (!ok) return false;
        }
        return values.length >= 2;
      }
      case 'in': {
        const needle = run(args[0] ?? null);
        const haystack = run(args[1] ?? null);
        if (Array.isArray(haystack)) return haystack.includes(needle);
        if (typeof haystack === 'string') return haystack.includes(String(needle));
        return false;
      }
      case '+':
        return args.reduce<number>((sum, arg) => sum + toNumber(run(arg)), 0);
      case '*':
        return args.reduce<number>((product, arg) => product * toNumber(run(arg)), 1);
      case '-': {
        const [a, b] = args.map(run);
        return b === undefined ? -toNumber(a) : toNumber(a) - toNumber(b);
      }
      case '/': {
        const [a, b] = args.map(run);
        return toNumber(a) / toNumber(b);
      }
      case 'today':
        return options.today ?? todayIso();
      case 'value':
        return options.value;
      default:
        throw new RangeError(`Unsupported condition operator ${operator}`);
    }
  };
  return run(condition);
}

/** True when the condition holds; an absent condition always holds. */
export function holds(condition: Condition | undefined, data: unknown, options?: EvaluateOptions): boolean {
  return condition === undefined ? true : truthy(evaluate(condition, data, options));
}

/** The var paths a condition reads (literal paths only), for checking a definition's references. */
export function referencedPaths(condition: Condition): string[] {
  const paths: string[] = [];
  const visit = (node: Condition): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    for (const [operator, argument] of Object.entries(node)) {
      if (operator === 'var') {
        const path = Array.isArray(argument) ? argument[0] : argument;
        if (typeof path === 'string') paths.push(path);
      } else if (operator === 'missing') {
        const list = Array.isArray(argument) ? argument : [argument];
        for (const p of list) if (typeof p === 'string') paths.push(p);
      } else {
        visit(argument);
      }
    }
  };
  visit(condition);
  return paths;
}
