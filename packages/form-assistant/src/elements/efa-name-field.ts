import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { UiMessageKey } from '../messages/ui.js';
import { EfaCompoundFieldBase, type PartSpec } from './compound-field-base.js';
import { controlAttributes } from './control-attributes.js';

type NamePart = 'academicTitle' | 'givenNames' | 'familyName' | 'birthName';

/**
 * A person's name as given name(s) and family name (the shape of core's `PersonName`), with
 * the `given-name` and `family-name` autocomplete tokens. With `prefix` set the tokens are
 * scoped (e.g. `section-owner given-name`).
 *
 * @summary Form-associated person name field.
 * @csspart base - The wrapper.
 * @csspart label - The legend.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - Each input.
 * @fires change - When the user commits a change.
 */
@customElement('efa-name-field')
export class EfaNameFieldElement extends EfaCompoundFieldBase<NamePart> {
  /** Autofill section, so two name fields on one page are filled separately. */
  @property() section = '';
  /** Also ask for the birth name (Geburtsname), optional. */
  @property({ type: Boolean, attribute: 'with-birth-name' }) withBirthName = false;
  /** Also ask for an academic title (Doktorgrad), optional. */
  @property({ type: Boolean, attribute: 'with-academic-title' }) withAcademicTitle = false;

  private specCache: { section: string; specs: PartSpec<NamePart>[] } | undefined;

  protected get specs(): PartSpec<NamePart>[] {
    if (this.specCache?.section === this.section) return this.specCache.specs;
    const prefix = this.section ? `section-${this.section} ` : '';
    const specs: PartSpec<NamePart>[] = [
      {
        key: 'givenNames',
        label: 'name.givenNames',
        autocomplete: `${prefix}given-name`,
        required: true,
        maxLength: 120,
      },
      {
        key: 'familyName',
        label: 'name.familyName',
        autocomplete: `${prefix}family-name`,
        required: true,
        maxLength: 120,
      },
    ];
    this.specCache = { section: this.section, specs };
    return specs;
  }

  /** Never called: the parts are in the field's own template (`render`). */
  protected renderControl(): typeof nothing {
    return nothing;
  }

  override render(): TemplateResult {
    // The fieldset of the base template with the parts written in: no template instance for
    // the control (a step holds many of these fields).
    const { invalid, message, describedBy, label, prefix: errorPrefix } = this.fieldTexts();
    // The parts of `specs`, written out: one template for the whole name.
    const prefix = this.section ? `section-${this.section} ` : '';
    const disabled = this.isDisabled;
    const readonly = this.readonly;
    const partInvalid = this.partInvalidity(invalid);
    return html`<fieldset class="field ${invalid ? 'field--invalid' : ''}" part="base" aria-describedby=${describedBy || nothing}
        @input=${this.onControlInput} @change=${this.onControlChange}
        ><legend class="label" part="label" .textContent=${label}></legend
        >${this.renderNotes(invalid, errorPrefix, message)}<div class="part"
        ><label class="sublabel" for="givenNames" .textContent=${this.msg('name.givenNames')}></label
        ><input id="givenNames" part="control" class="control" type="text"
          maxlength="120" ${controlAttributes({ autocomplete: `${prefix}given-name`, value: this.partValue('givenNames'), disabled, readOnly: readonly, invalid: partInvalid('givenNames') })} /></div
      ><div class="part"
        ><label class="sublabel" for="familyName" .textContent=${this.msg('name.familyName')}></label
        ><input id="familyName" part="control" class="control" type="text"
          maxlength="120" ${controlAttributes({ autocomplete: `${prefix}family-name`, value: this.partValue('familyName'), disabled, readOnly: readonly, invalid: partInvalid('familyName') })} /></div
      ></fieldset
      >`;
  }

  protected get incompleteKey(): UiMessageKey {
    return 'name.incomplete';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-name-field': EfaNameFieldElement;
  }
}
