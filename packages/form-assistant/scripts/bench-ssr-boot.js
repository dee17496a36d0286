// The page script of the server-rendered variants in bench-ssr.mjs (ADR 0011): hands the step
// the server wrote (.efa-prerender) to the real <efa-form> once it has rendered the same step,
// in one task, with what the citizen typed meanwhile and the focus where it was.

const prerender = document.querySelector('.efa-prerender');
const form = document.querySelector('efa-form');
// The definition the server rendered from, in the page: no request, no second parse.
form.definition = JSON.parse(document.getElementById('efa-definition').textContent);

/** Every control of the server's step, through the shadow roots it has. */
function controls(root) {
  const found = [...root.querySelectorAll('input, select, textarea')];
  for (const host of root.querySelectorAll('*'))
    if (host.shadowRoot) found.push(...controls(host.shadowRoot));
  return found;
}
/** The answer path of a server control: its name (plain HTML) or its field element's data-path. */
const pathOf = (control) => control.name || control.getRootNode().host?.dataset?.path || '';

function deepActive() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Until the form shows its step (or says it could not load): its first updates may show a
 * loading state while it still fetches what the step needs.
 */
async function rendered() {
  for (;;) {
    await form.updateComplete;
    const fields = [...form.shadowRoot.querySelectorAll('[data-path]')];
    await Promise.all(fields.map((field) => field.updateComplete));
    if ((fields.length > 0 || form.shadowRoot.querySelector('[role="alert"]')) && !form.isUpdatePending)
      return;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

await import('../dist/form.js');
await rendered();
// What was typed into the server's step (single-value text controls; the prototype carries no
// date parts or choices), given to the form's field as if typed there: the form records it
// through its own input handler, so a draft it resumed keeps its other answers.
let carried = 0;
for (const control of controls(prerender.shadowRoot ?? prerender)) {
  const path = pathOf(control);
  if (!path || control.value === '' || !['text', 'email', 'tel'].includes(control.type)) continue;
  const field = form.shadowRoot.querySelector(`[data-path="${CSS.escape(path)}"]`);
  if (!field) continue;
  field.modelValue = control.value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  carried++;
}
// document.activeElement is the shadow host in the document's tree: the server's step itself.
const focusPath = document.activeElement === prerender ? pathOf(deepActive()) : '';
if (carried) await rendered();
prerender.remove();
form.hidden = false;
if (focusPath) form.shadowRoot.querySelector(`[data-path="${CSS.escape(focusPath)}"]`)?.focus();
window.efaTakeOver = { at: performance.now(), carried };
