import type { FormDefinition, Item } from '../../schema/definition.js';

/** Room for keys, brackets and escapes around each value (JSON), per field. */
const perValueOverhead = 96;
/** Largest repeat count counted: an unbounded repeat counts as this many items. */
const repeatCap = 100;

function itemBytes(item: Item): number {
  switch (item.kind) {
    case 'group': {
      const inner = item.items.reduce((sum, child) => sum + itemBytes(child), perValueOverhead);
      return inner * Math.min(item.repeat ? (item.repeat.max ?? repeatCap) : 1, repeatCap);
    }
    case 'static':
      return 0;
    case 'text':
    case 'multiline':
      // Two bytes a character: umlauts are two in UTF-8, a quote or a line break two when escaped.
      return (item.maxLength ?? 1_000) * 2 + perValueOverhead;
    case 'multiChoice':
      return (item.options?.length ?? 20) * 220 + perValueOverhead;
    case 'file':
      // An upload answer (id, name, size, type, SHA-512) per file.
      return (item.maxFiles ?? 1) * 700 + perValueOverhead;
    case 'address':
    case 'personName':
      return 1_200;
    default:
      return 256;
  }
}

/**
 * The largest draft a definition can produce, in bytes of JSON: every field at its largest,
 * every repeat at its maximum (at most 100), capped at `cap`. A save above it is refused: it
 * cannot come from this form.
 */
export function draftByteLimit(definition: FormDefinition, cap: number): number {
  let total = 4_096;
  for (const step of definition.steps) {
    for (const group of step.groups) total += itemBytes(group);
    if (total >= cap) return cap;
  }
  return Math.min(total, cap);
}
