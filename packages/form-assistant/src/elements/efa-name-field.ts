import { customElement, property } from 'lit/decorators.js';
import type { UiMessageKey } from '../messages/ui.js';
import { EfaCompoundFieldBase, type PartSpec } from './compound-field-base.js';

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

  protected get specs(): PartSpec<NamePart>[] {
    const prefix = this.section ? `section-${this.section} ` : '';
    return [
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
