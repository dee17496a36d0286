import { appendFileSync } from 'node:fs';
import { isEfaError } from '../errors.js';

/**
 * What every package's fuzz properties share (issue 17): how many runs, a per-run time budget
 * (a hang or a super-linear parser fails the property instead of stalling the suite), the check
 * that a refusal is a coded error, and a line per property for tools/fuzz.mjs's table.
 *
 * The short run (a few hundred runs) is part of every package's `vitest run`; `pnpm fuzz` sets
 * EFA_FUZZ_RUNS=100000 and EFA_FUZZ_REPORT to collect the figures. Free of fast-check itself so
 * that core's published testing entry does not depend on it; the tests bring their own.
 */

/** Runs per property: EFA_FUZZ_RUNS when set, else the short run's count. */
export function fuzzRuns(short = 300): number {
  const configured = Number(process.env.EFA_FUZZ_RUNS);
  return Number.isInteger(configured) && configured > 0 ? configured : short;
}

/** True in the long run (`pnpm fuzz`), where a test may take minutes. */
export function fuzzLongRun(): boolean {
  return fuzzRuns() > 10_000;
}

/** The vitest timeout for a fuzz test: generous in the long run, the suite's default otherwise. */
export function fuzzTimeout(short = 20_000): number {
  return fuzzLongRun() ? 4 * 60 * 60 * 1000 : short;
}

/** Most milliseconds one run may take (EFA_FUZZ_BUDGET_MS, default 2 s: 2 shared cores under load). */
export function fuzzBudgetMs(): number {
  const configured = Number(process.env.EFA_FUZZ_BUDGET_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 2_000;
}

export class FuzzBudgetExceeded extends Error {
  override readonly name = 'FuzzBudgetExceeded';
}

export class UncodedError extends Error {
  override readonly name = 'UncodedError';
}

/**
 * Runs one synchronous step and fails when it took longer than the budget. A synchronous loop
 * cannot be interrupted from JavaScript, so this catches the realistic hang: input whose cost
 * grows far beyond its size (backtracking, quadratic scans), on the sizes fast-check generates.
 */
export function withinBudget<T>(step: () => T, budgetMs = fuzzBudgetMs()): T {
  const started = performance.now();
  const result = step();
  const took = performance.now() - started;
  if (took > budgetMs)
    throw new FuzzBudgetExceeded(`one run took ${took.toFixed(0)} ms (budget ${budgetMs} ms)`);
  return result;
}

/** The asynchronous step is raced against the budget, so a promise that never settles fails. */
export async function withinBudgetAsync<T>(step: () => Promise<T>, budgetMs = fuzzBudgetMs()): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FuzzBudgetExceeded(`one run did not finish in ${budgetMs} ms`)),
      budgetMs,
    );
  });
  try {
    return await Promise.race([step(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs a step that may refuse its input: returns what it gave, or the coded error it threw.
 * Anything else thrown (a TypeError, a RangeError, a library's own error) is an UncodedError,
 * which fails the property with the original as cause.
 */
export function codedOutcome<T>(
  step: () => T,
  isCoded: (error: unknown) => boolean = isEfaError,
): Outcome<T> {
  try {
    return { ok: true, value: step() };
  } catch (error) {
    if (error instanceof FuzzBudgetExceeded) throw error;
    if (isCoded(error)) return { ok: false, error };
    throw new UncodedError(`uncoded error: ${describe(error)}`, { cause: error });
  }
}

export async function codedOutcomeAsync<T>(
  step: () => Promise<T>,
  isCoded: (error: unknown) => boolean = isEfaError,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await step() };
  } catch (error) {
    if (error instanceof FuzzBudgetExceeded) throw error;
    if (isCoded(error)) return { ok: false, error };
    throw new UncodedError(`uncoded error: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export interface FuzzRecord {
  package: string;
  property: string;
  runs: number;
  ms: number;
  result: 'pass' | 'fail';
  /** The runs asked for, when the property stopped at the long run's deadline before them. */
  asked?: number;
}

/**
 * Where fuzz-deadline.setup.ts leaves the runs the last property made (only with a deadline
 * set, see there); a global because this module must not depend on fast-check.
 */
export const fuzzInterruptedKey = '__efaFuzzRunsMade';
export interface FuzzRunsMade {
  runs: number;
  interrupted: boolean;
}

/**
 * Runs a property (a fast-check `assert` given the run count), times it and, when EFA_FUZZ_REPORT
 * names a file, appends one JSON line with the figures; a failure is recorded and rethrown.
 */
export async function fuzzProperty(
  pkg: string,
  property: string,
  assert: (runs: number) => void | Promise<void>,
  runs = fuzzRuns(),
): Promise<void> {
  const started = performance.now();
  let result: FuzzRecord['result'] = 'fail';
  const globals = globalThis as typeof globalThis & { [fuzzInterruptedKey]?: FuzzRunsMade };
  delete globals[fuzzInterruptedKey];
  try {
    await assert(runs);
    result = 'pass';
  } finally {
    const report = process.env.EFA_FUZZ_REPORT;
    const made = globals[fuzzInterruptedKey];
    if (report) {
      const stopped = made?.interrupted === true && made.runs < runs;
      const record: FuzzRecord = {
        package: pkg,
        property,
        // Stopped at the deadline, or failed: the runs actually made (known with the deadline set-up).
        runs: made && (stopped || result === 'fail') ? made.runs : runs,
        ms: Math.round(performance.now() - started),
        result,
        ...(stopped ? { asked: runs } : {}),
      };
      appendFileSync(report, `${JSON.stringify(record)}\n`);
    }
  }
}

/** One edit of a real sample: positions are taken modulo the text's length, so any numbers fit. */
export interface TextEdit {
  kind: 'delete' | 'insert' | 'duplicate' | 'replace';
  at: number;
  length: number;
  text: string;
}

/**
 * A real sample with edits applied (the mutation half of the fuzzing: near-valid input reaches
 * the parser's deep paths, which arbitrary text rarely does). The edits come from fast-check in
 * the test, so a failure shrinks to the fewest, smallest edits.
 */
export function applyEdits(sample: string, edits: readonly TextEdit[]): string {
  let text = sample;
  for (const edit of edits) {
    const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
    const end = Math.min(text.length, at + edit.length);
    switch (edit.kind) {
      case 'delete':
        text = text.slice(0, at) + text.slice(end);
        break;
      case 'insert':
        text = text.slice(0, at) + edit.text + text.slice(at);
        break;
      case 'duplicate':
        text = text.slice(0, end) + text.slice(at, end) + text.slice(end);
        break;
      case 'replace':
        text = text.slice(0, at) + edit.text + text.slice(end);
        break;
    }
  }
  return text;
}
