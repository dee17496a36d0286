import fc, { type Plugin, type PluginInstance } from 'fast-check';
import { type FuzzRunsMade, fuzzInterruptedKey } from './fuzz.js';

/**
 * Loaded by vitest.shared.ts only when `pnpm fuzz -- --until HH:MM` or `--property-minutes N`
 * set EFA_FUZZ_DEADLINE / EFA_FUZZ_PROPERTY_MS (issue 17): on a loaded machine a long run may
 * not reach its runs in the time there is. Every property then stops starting new runs at the
 * deadline (fast-check's interruptAfterTimeLimit, an interruption is not a failure) and tells
 * fuzzProperty how many runs it made, so bench/fuzz.md records those, marked as stopped, instead
 * of nothing or the runs asked for. A failure found before the deadline still fails.
 */
const deadline = Number(process.env.EFA_FUZZ_DEADLINE);
const perProperty = Number(process.env.EFA_FUZZ_PROPERTY_MS);
const globals = globalThis as typeof globalThis & {
  [fuzzInterruptedKey]?: FuzzRunsMade;
  __efaFuzzDeadlineInstalled?: boolean;
};

const stopAtDeadline: Plugin<unknown> = (index, store) => {
  const limits = [
    Number.isFinite(deadline) && deadline > 0 ? deadline - Date.now() : Number.POSITIVE_INFINITY,
    Number.isFinite(perProperty) && perProperty > 0 ? perProperty : Number.POSITIVE_INFINITY,
  ];
  const limit = Math.max(1, Math.min(...limits));
  const inner: PluginInstance<unknown> = Number.isFinite(limit)
    ? fc.interruptAfterTimeLimit(limit)(index, store)
    : {};
  return {
    ...inner,
    onAllRunsComplete(details) {
      globals[fuzzInterruptedKey] = { runs: details.numRuns, interrupted: details.interrupted };
      return inner.onAllRunsComplete?.(details);
    },
  };
};
// A worker may run several test files against one fast-check module: install once.
if (!globals.__efaFuzzDeadlineInstalled) {
  fc.installGlobalPlugin(stopAtDeadline);
  globals.__efaFuzzDeadlineInstalled = true;
}
