// The floor of a 300-field render: the least a Lit field can be (form-associated, label, hint,
// input and error in its own shadow root, one shared stylesheet, no validation, no
// formatting) in a step of 30 groups of 10, built the way <efa-form> builds its fields.
// bench-elements.mjs renders it in turn with the kit, so both see the same machine.
import { css, html, LitElement } from 'lit';

const sheet = css`
  :host {
    display: block;
    margin-block-end: 1rem;
  }
  .control {
    font: inherit;
    width: 100%;
  }
`;

class BenchFloorField extends LitElement {
  static formAssociated = true;
  static styles = sheet;
  static shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static properties = { label: {}, name: {}, hint: {}, error: {}, required: { type: Boolean } };

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.label = '';
    this.name = '';
    this.hint = '';
    this.error = '';
    this.required = false;
  }

  render() {
    return html`<label for="control" .textContent=${this.label}></label>
      <div id="hint" .textContent=${this.hint}></div>
      <input id="control" class="control" name=${this.name} ?required=${this.required}
        aria-describedby="hint error" @input=${this.onInput}>
      <p id="error" ?hidden=${!this.error}>${this.error}</p>`;
  }

  onInput(event) {
    this.internals.setFormValue(event.target.value);
  }
}
customElements.define('bench-floor-field', BenchFloorField);

class BenchFloorForm extends LitElement {
  static properties = { fieldCount: { attribute: false } };

  constructor() {
    super();
    this.fieldCount = 0;
  }

  render() {
    const groups = [];
    for (let g = 0; g < this.fieldCount / 10; g++) {
      const fields = [];
      for (let f = 0; f < 10; f++) {
        const n = g * 10 + f;
        const field = document.createElement('bench-floor-field');
        field.label = `Text ${n}`;
        field.name = `f${n}`;
        field.required = n % 2 === 0;
        fields.push(field);
      }
      groups.push(html`<div class="group"><h3>Abschnitt ${g + 1}</h3>${fields}</div>`);
    }
    return html`<p>Bench</p>${groups}`;
  }
}
customElements.define('bench-floor-form', BenchFloorForm);
