import type { EfaFormElement } from '@efa-kit/form-assistant';
import type { FormDefinition } from '@efa-kit/form-assistant/schema';

/** A field element of <efa-form> as this script meets it: its answer, as the form reads it. */
type FieldElement = HTMLElement & {
  modelValue: unknown;
  readonly?: boolean;
  updateComplete?: Promise<unknown>;
};

/**
 * Step 1 as the server wrote it (`firstStepHtml`, ADR 0011) stays on screen until <efa-form>
 * has rendered the same step, hidden; then the two are swapped in one task, so no frame is
 * empty and nothing jumps. What was typed meanwhile into text inputs goes to the form's field as
 * if typed there (the form records it through its own input handler, so a draft it resumed
 * keeps its other answers), and the focus goes to the same field. Must run before the form's
 * first update: the definition comes from the page, not from a request.
 */
export function takeOverFirstStep(form: EfaFormElement): void {
  const prerender = document.querySelector<HTMLElement>('[data-efa-prerender]');
  const source = form.querySelector('script[data-efa-definition]');
  if (!prerender || !source) return;
  const reveal = () => {
    prerender.remove();
    form.hidden = false;
  };
  try {
    // The portal's own definition, parsed and checked by its server at start-up.
    form.definition = JSON.parse(source.textContent ?? '') as FormDefinition;
  } catch {
    reveal();
    return;
  }
  void handOver(form, prerender).catch(reveal);
}

/**
 * Until the form shows its step (or says it could not load): its first updates may show a
 * loading state while it still fetches what the step needs (field chunks, catalogues).
 */
async function rendered(form: EfaFormElement): Promise<void> {
  for (;;) {
    await form.updateComplete;
    const root = form.shadowRoot;
    const fields = [...(root?.querySelectorAll<FieldElement>('[data-path]') ?? [])];
    await Promise.all(fields.map((field) => field.updateComplete));
    const shown = fields.length > 0 || root?.querySelector('[role="alert"]');
    if (shown && !form.isUpdatePending) return;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

async function handOver(form: EfaFormElement, prerender: HTMLElement): Promise<void> {
  await rendered(form);
  const fieldOf = (path: string) =>
    form.shadowRoot?.querySelector<FieldElement>(`[data-path="${CSS.escape(path)}"]`) ?? null;
  let carried = 0;
  for (const input of prerender.querySelectorAll<HTMLInputElement>('input[data-carry]')) {
    const field = fieldOf(input.dataset.path ?? '');
    // A locked field (verified prefill, read-only by the definition) keeps what the form says.
    if (input.value === '' || !field || field.readonly) continue;
    field.modelValue = input.value;
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    carried++;
  }
  const active = document.activeElement;
  // Day, month or year of a date: the date field (their text is not carried: one answer, three inputs).
  const focusPath =
    active instanceof HTMLInputElement && prerender.contains(active) ? (active.dataset.path ?? '') : '';
  if (carried) await rendered(form);
  prerender.remove();
  form.hidden = false;
  if (focusPath) fieldOf(focusPath)?.focus();
}
