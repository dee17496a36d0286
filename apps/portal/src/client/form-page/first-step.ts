import type { EfaFormElement } from '@efa-kit/form-assistant';
import type { FormDefinition } from '@efa-kit/form-assistant/schema';

/** A field element of <efa-form> as this script meets it. */
type FieldElement = HTMLElement & {
  readonly?: boolean;
  updateComplete?: Promise<unknown>;
};

/**
 * Step 1 as the server wrote it (`firstStepHtml`, ADR 0011) stays on screen until <efa-form>
 * has rendered the same step, hidden; then the two are swapped in one task, so no frame is
 * empty and nothing jumps. What was typed or chosen meanwhile (text, the parts of a name, an
 * address or a date, a select, a radio) goes into the field element's input of the same part,
 * and the focus and caret go to that input. Must run before the form's first update: the
 * definition comes from the page, not from a request.
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

/** A control of the server's step: its answer path and the id of the element's input it stands for. */
type PrerenderControl = (HTMLInputElement | HTMLSelectElement) & {
  dataset: { path?: string; control?: string };
};

async function handOver(form: EfaFormElement, prerender: HTMLElement): Promise<void> {
  await rendered(form);
  const fieldOf = (path: string) =>
    form.shadowRoot?.querySelector<FieldElement>(`[data-path="${CSS.escape(path)}"]`) ?? null;
  /** The field element's own input (or select) that a control of the server's step stands for. */
  const targetOf = (control: PrerenderControl) => {
    const field = fieldOf(control.dataset.path ?? '');
    // A locked field (verified prefill, read-only by the definition) keeps what the form says.
    if (!field || field.readonly) return null;
    const target = field.shadowRoot?.getElementById(control.dataset.control ?? '');
    return target instanceof HTMLInputElement || target instanceof HTMLSelectElement ? target : null;
  };
  const controls = [...prerender.querySelectorAll<PrerenderControl>('[data-control]')];
  /**
   * What was typed or chosen goes into the element's input as if done there: the element's own
   * input or change handler reads it (a name or address part, a day of a date, a select, a
   * radio), and the form records it, so a draft it resumed keeps its other answers. Only what
   * differs, so a second pass carries just what was typed while the form re-rendered.
   */
  const carry = () => {
    let carried = 0;
    for (const control of controls) {
      const target = targetOf(control);
      if (!target) continue;
      if (control instanceof HTMLInputElement && control.type === 'radio') {
        if (!control.checked || (target as HTMLInputElement).checked) continue;
        (target as HTMLInputElement).checked = true;
        target.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      } else {
        if (control.value === '' || target.value === control.value) continue;
        target.value = control.value;
        target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        if (target instanceof HTMLSelectElement)
          target.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      }
      carried++;
    }
    return carried;
  };
  // Bounded: each pass waits for the form's render, during which the citizen may type on.
  for (let pass = 0; pass < 3 && carry() > 0; pass++) await rendered(form);
  const active = document.activeElement;
  const focused =
    (active instanceof HTMLInputElement || active instanceof HTMLSelectElement) && prerender.contains(active)
      ? (active as PrerenderControl)
      : null;
  const focusTarget = focused ? targetOf(focused) : null;
  const selection = focused instanceof HTMLInputElement ? selectionOf(focused) : null;
  prerender.remove();
  form.hidden = false;
  if (!focused) return;
  if (!focusTarget) {
    // A locked field: its element, which shows the locked answer.
    fieldOf(focused.dataset.path ?? '')?.focus();
    return;
  }
  focusTarget.focus({ preventScroll: true });
  // The caret where it was, so typing goes on at the same place.
  if (selection && focusTarget instanceof HTMLInputElement) selectTo(focusTarget, selection);
}

/** The caret of a text input; null for inputs without one (e-mail, radio). */
function selectionOf(input: HTMLInputElement): { start: number; end: number } | null {
  const { selectionStart, selectionEnd } = input;
  return selectionStart === null || selectionEnd === null
    ? null
    : { start: selectionStart, end: selectionEnd };
}

function selectTo(input: HTMLInputElement, selection: { start: number; end: number }): void {
  try {
    input.setSelectionRange(selection.start, selection.end);
  } catch {
    // An input type without a caret (the element's may differ): the focus is what matters.
  }
}
