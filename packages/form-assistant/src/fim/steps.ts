import type { Item, LocalizedText, Step } from '../schema/definition.js';

/** More steps than this and an assistant is no longer usable; authors regroup with arrangeSteps. */
export const maxImportedSteps = 50;

export function formIdFor(fimId: string): string {
  return `fim-${fimId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
}

/** A step per top-level group; consecutive top-level fields share a step and a group. */
export function stepsFor(items: Item[], title: LocalizedText): Step[] {
  const steps: Step[] = [];
  let loose: Item[] = [];
  const used = new Set(items.map((item) => item.id));
  const flush = () => {
    if (loose.length === 0) return;
    let id = 'angaben';
    for (let n = 2; used.has(id); n++) id = `angaben_${n}`;
    used.add(id);
    steps.push({ id: `step_${id}`, title, groups: [{ kind: 'group', id, items: loose }] });
    loose = [];
  };
  for (const item of items) {
    if (item.kind === 'group') {
      flush();
      steps.push({ id: `step_${item.id}`, title: item.title ?? title, groups: [item] });
    } else {
      loose.push(item);
    }
  }
  flush();
  if (steps.length <= maxImportedSteps) return steps;
  // A schema with very many top-level groups: neighbouring groups share a step, so the
  // assistant stays navigable (and within the definition's step limit).
  const perStep = Math.ceil(steps.length / maxImportedSteps);
  const packed: Step[] = [];
  for (let i = 0; i < steps.length; i += perStep) {
    const slice = steps.slice(i, i + perStep);
    const first = slice[0] as Step;
    packed.push({ ...first, groups: slice.flatMap((step) => step.groups) });
  }
  return packed;
}
