import { buttonStyles, token } from '@efa-kit/theme';
import { css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { EfaFormAssociatedElement, type FieldProblem } from './form-associated-element.js';

/** Metadata of a chosen file (the value shape of the definition's file fields). */
export interface FileInfo {
  name: string;
  size: number;
  mediaType: string;
  ref?: string;
}

const sizeFormat = {
  de: new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

function accepts(file: File, accept: readonly string[]): boolean {
  if (accept.length === 0) return true;
  const name = file.name.toLowerCase();
  return accept.some((rule) => {
    const token = rule.trim().toLowerCase();
    if (token.startsWith('.')) return name.endsWith(token);
    if (token.endsWith('/*')) return file.type.toLowerCase().startsWith(token.slice(0, -1));
    return file.type.toLowerCase() === token;
  });
}

/**
 * A file upload: a native file input (keyboard and screen reader support come with it), the
 * chosen files listed with a remove button each, type and size checked before upload. Submits
 * the files with a plain form; `files` holds them for an upload, the model value their
 * metadata (`ref` is set by whoever uploads them).
 *
 * @summary Form-associated file upload.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The file input.
 * @csspart files - The list of chosen files.
 * @fires change - When files are chosen or removed.
 */
@customElement('efa-file-field')
export class EfaFileFieldElement extends EfaFormAssociatedElement {
  static override styles = [
    ...EfaFormAssociatedElement.styles,
    buttonStyles,
    css`
      .files {
        list-style: none;
        padding: 0;
        margin: ${token.spaceS} 0 0;
      }
      .files li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: ${token.spaceS};
        padding-block: ${token.spaceS};
        border-block-end: 1px solid ${token.colorBorder};
      }
    `,
  ];

  /** Accepted media types or extensions, comma-separated ("application/pdf,image/*"). */
  @property() accept = '';
  /** Largest file in bytes; 0 for no limit. */
  @property({ type: Number, attribute: 'max-size' }) maxSize = 0;
  /** Most files; 1 makes a single-file field. */
  @property({ type: Number, attribute: 'max-files' }) maxFiles = 1;

  @state() private chosen: File[] = [];
  /** Metadata restored from a draft: the files themselves were uploaded before (they carry a `ref`). */
  @state() private restored: FileInfo[] = [];

  get files(): File[] {
    return [...this.chosen];
  }

  get modelValue(): unknown {
    const list: FileInfo[] = [
      ...this.restored,
      ...this.chosen.map((file) => ({
        name: file.name,
        size: file.size,
        mediaType: file.type || 'application/octet-stream',
      })),
    ];
    return list.length ? list : null;
  }
  set modelValue(value: unknown) {
    this.chosen = [];
    this.restored = Array.isArray(value)
      ? value.filter(
          (entry): entry is FileInfo =>
            typeof entry === 'object' && entry !== null && typeof (entry as FileInfo).name === 'string',
        )
      : [];
  }

  displayValue(): string {
    const list = (this.modelValue as FileInfo[] | null) ?? [];
    return list.map((file) => file.name).join(', ');
  }

  private formatSize(bytes: number): string {
    const unit = bytes >= 1_048_576 ? ['MB', 1_048_576] : ['kB', 1024];
    return `${sizeFormat[this.locale].format(bytes / (unit[1] as number))} ${unit[0]}`;
  }

  protected formValue(): FormData | null {
    if (this.chosen.length === 0) return null;
    const data = new FormData();
    for (const file of this.chosen) data.append(this.name, file);
    return data;
  }
  protected override stateValue(): string {
    // File contents cannot go into the state: only files already uploaded (with a `ref`)
    // survive; a restored page asks for the others again.
    return JSON.stringify(this.restored.filter((file) => file.ref));
  }
  protected override restoreState(state: string): void {
    super.restoreState(state);
    this.restored = this.restored.filter((file) => file.ref);
  }
  protected resetValue(): void {
    this.chosen = [];
    this.restored = [];
  }
  protected get focusTarget(): HTMLElement | null {
    return this.shadowRoot?.querySelector('#control') ?? null;
  }

  private get acceptList(): string[] {
    return this.accept
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  }

  protected validate(): FieldProblem | undefined {
    const anchor = this.focusTarget;
    const count = this.chosen.length + this.restored.length;
    if (count === 0)
      return this.required ? { flag: 'valueMissing', key: 'field.required', anchor } : undefined;
    if (count > this.maxFiles)
      return { flag: 'rangeOverflow', key: 'file.tooMany', params: { maximum: this.maxFiles }, anchor };
    for (const file of this.chosen) {
      if (!accepts(file, this.acceptList)) {
        return {
          flag: 'typeMismatch',
          key: 'file.type',
          params: { name: file.name, types: this.acceptList.join(', ') },
          anchor,
        };
      }
      if (this.maxSize > 0 && file.size > this.maxSize) {
        return {
          flag: 'rangeOverflow',
          key: 'file.tooLarge',
          params: { name: file.name, maximum: this.formatSize(this.maxSize) },
          anchor,
        };
      }
    }
    return undefined;
  }

  private onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const picked = [...(input.files ?? [])];
    this.chosen = this.maxFiles === 1 ? picked.slice(0, 1) : [...this.chosen, ...picked];
    if (this.maxFiles === 1) this.restored = [];
    // Clear the native input: the list below is the source of truth, so the same file can be
    // picked again after removing it.
    input.value = '';
    this.userChanged();
    this.touched();
    this.emitChange();
  }

  private removeFile(index: number): void {
    if (index < this.restored.length) this.restored = this.restored.filter((_, i) => i !== index);
    else this.chosen = this.chosen.filter((_, i) => i !== index - this.restored.length);
    this.userChanged();
    this.emitChange();
    this.updateComplete.then(() => this.focusTarget?.focus());
  }

  protected renderControl(describedBy: string, invalid: boolean): TemplateResult {
    const list = (this.modelValue as FileInfo[] | null) ?? [];
    return html`<input
        id="control"
        part="control"
        class="control"
        type="file"
        accept=${this.accept || nothing}
        ?multiple=${this.maxFiles > 1}
        ?disabled=${this.isDisabled || this.readonly}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @change=${this.onPick}
      />
      ${
        list.length
          ? html`<ul part="files" class="files">
            ${list.map(
              (file, index) => html`<li>
                <span>${file.name} (${this.formatSize(file.size)})</span>
                <button type="button" class="button button--secondary" ?disabled=${this.isDisabled || this.readonly} @click=${() => this.removeFile(index)}>
                  ${this.msg('file.remove', { name: file.name })}
                </button>
              </li>`,
            )}
          </ul>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-file-field': EfaFileFieldElement;
  }
}
