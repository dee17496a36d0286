import { buttonStyles, token } from '@efa-kit/theme';
import { css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { UiMessageKey } from '../messages/ui.js';
import type { UploadAnswer } from '../schema/submission.js';
import { EfaFormAssociatedElement, type FieldProblem } from './form-associated-element.js';
import { deleteUpload, type RunningUpload, startUpload, UploadFailure } from './upload-client.js';

/**
 * Metadata of a chosen file (the value shape of the definition's file fields). With an upload
 * endpoint `ref` is the server's `uploadId` and `sha512` its hash of the stored file.
 */
export interface FileInfo {
  name: string;
  size: number;
  mediaType: string;
  ref?: string;
  sha512?: string;
}

/** A file on its way to the server, or one the server refused (shown until removed). */
interface Transfer {
  id: number;
  file: File;
  /** 0…1 while uploading. */
  progress: number;
  running: RunningUpload | undefined;
  /** Why the server (or the network) refused it. */
  failure?: string;
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

function infoOf(answer: UploadAnswer): FileInfo {
  return {
    name: answer.filename,
    size: answer.size,
    mediaType: answer.mimeType,
    ref: answer.uploadId,
    sha512: answer.sha512,
  };
}

let transferIds = 0;

/**
 * A file upload: a native file input (keyboard and screen reader support come with it), the
 * chosen files listed with a remove button each, type and size checked before upload.
 *
 * With `upload-endpoint` (and `form-id`; `<efa-form>` sets both) every chosen file goes to the
 * server's upload route at once, with progress; the value holds what the server stored
 * (`{ name, size, mediaType, ref: uploadId, sha512 }`), and removing a file deletes it there.
 * Progress and results are announced in a polite live region, refusals in an alert. Without an
 * endpoint the files stay in the browser: `files` holds them, a plain form submits them, and
 * the value holds their metadata only.
 *
 * @summary Form-associated file upload.
 * @csspart base - The wrapper.
 * @csspart label - The label.
 * @csspart hint - The hint.
 * @csspart error - The error message.
 * @csspart control - The file input.
 * @csspart files - The list of chosen files.
 * @csspart progress - The progress bar of a file being uploaded.
 * @fires change - When files are chosen, uploaded or removed.
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
      .files .name {
        overflow-wrap: anywhere;
        min-width: 0;
      }
      .files .failed {
        color: ${token.colorDanger};
        font-weight: 600;
      }
      progress {
        inline-size: 100%;
        block-size: 0.75rem;
        accent-color: ${token.colorAction};
      }
    `,
  ];

  /** Accepted media types or extensions, comma-separated ("application/pdf,image/*"). */
  @property() accept = '';
  /** Largest file in bytes; 0 for no limit. */
  @property({ type: Number, attribute: 'max-size' }) maxSize = 0;
  /** Most files; 1 makes a single-file field. */
  @property({ type: Number, attribute: 'max-files' }) maxFiles = 1;
  /** The upload route ("/uploads"); empty: files stay in the browser. */
  @property({ attribute: 'upload-endpoint' }) uploadEndpoint = '';
  /** The form the field belongs to (the upload route checks the field's limits there). */
  @property({ attribute: 'form-id' }) formId = '';
  /**
   * The server draft files go into (`<efa-form>` sets it with `draft-procedures`): the value of
   * the `X-Efa-Draft` header, made by saving the draft first when there is none yet.
   */
  @property({ attribute: false }) uploadDraft: (() => Promise<string | undefined>) | undefined;

  @state() private chosen: File[] = [];
  /** Files with metadata: restored from a draft or uploaded (they carry a `ref`). */
  @state() private restored: FileInfo[] = [];
  @state() private transfers: Transfer[] = [];
  @state() private announcement = '';
  @state() private alertText = '';

  get files(): File[] {
    return [...this.chosen];
  }

  private get uploading(): boolean {
    return this.uploadEndpoint !== '' && this.formId !== '';
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
    const refs = this.restored.filter((file) => file.ref);
    if (this.chosen.length === 0 && (!this.uploading || refs.length === 0)) return null;
    const data = new FormData();
    for (const file of this.chosen) data.append(this.name, file);
    // Uploaded files are on the server: a plain form submits their ids.
    if (this.uploading) for (const file of refs) data.append(this.name, file.ref ?? '');
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
    for (const transfer of this.transfers) transfer.running?.abort();
    this.transfers = [];
    this.chosen = [];
    this.restored = [];
  }
  protected get focusTarget(): HTMLElement | null {
    return this.shadowRoot?.querySelector('#control') ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // An upload of a field that left the page (a removed dog) would land nowhere.
    for (const transfer of this.transfers) transfer.running?.abort();
  }

  private get acceptList(): string[] {
    return this.accept
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  }

  /** Type and size, checked before a file is uploaded or kept. */
  private fileProblem(file: File): { key: UiMessageKey; params: Record<string, string> } | undefined {
    if (!accepts(file, this.acceptList)) {
      return { key: 'file.type', params: { name: file.name, types: this.acceptList.join(', ') } };
    }
    if (this.maxSize > 0 && file.size > this.maxSize) {
      return { key: 'file.tooLarge', params: { name: file.name, maximum: this.formatSize(this.maxSize) } };
    }
    return undefined;
  }

  protected validate(): FieldProblem | undefined {
    const anchor = this.focusTarget;
    const failed = this.transfers.find((transfer) => transfer.failure !== undefined);
    if (failed) {
      return {
        flag: 'customError',
        key: 'file.uploadFailed',
        params: { name: failed.file.name, reason: failed.failure ?? '' },
        anchor,
      };
    }
    const running = this.transfers.find((transfer) => transfer.failure === undefined);
    if (running)
      return { flag: 'customError', key: 'file.stillUploading', params: { name: running.file.name }, anchor };
    const count = this.chosen.length + this.restored.length;
    if (count === 0)
      return this.required ? { flag: 'valueMissing', key: 'field.required', anchor } : undefined;
    if (count > this.maxFiles)
      return { flag: 'rangeOverflow', key: 'file.tooMany', params: { maximum: this.maxFiles }, anchor };
    for (const file of this.chosen) {
      const problem = this.fileProblem(file);
      if (problem) {
        return {
          flag: problem.key === 'file.type' ? 'typeMismatch' : 'rangeOverflow',
          key: problem.key,
          params: problem.params,
          anchor,
        };
      }
    }
    return undefined;
  }

  private onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    const picked = [...(input.files ?? [])];
    // Clear the native input: the list below is the source of truth, so the same file can be
    // picked again after removing it.
    input.value = '';
    if (picked.length === 0) return;
    if (this.uploading) {
      this.uploadPicked(picked);
    } else {
      this.chosen = this.maxFiles === 1 ? picked.slice(0, 1) : [...this.chosen, ...picked];
      if (this.maxFiles === 1) this.restored = [];
    }
    this.userChanged();
    this.touched();
    this.emitChange();
  }

  /** Checks each picked file here first (no upload for what the server would refuse anyway). */
  private uploadPicked(picked: File[]): void {
    if (this.maxFiles === 1) {
      // One file: the new one replaces what was there.
      for (const file of this.restored) this.forget(file);
      for (const transfer of this.transfers) transfer.running?.abort();
      this.restored = [];
      this.transfers = [];
      picked = picked.slice(0, 1);
    }
    const room = this.maxFiles - this.restored.length - this.transfers.length;
    const refusals: string[] = [];
    if (picked.length > room) {
      refusals.push(this.msg('file.tooMany', { maximum: this.maxFiles }));
      picked = picked.slice(0, Math.max(room, 0));
    }
    const started: string[] = [];
    for (const file of picked) {
      const problem = this.fileProblem(file);
      if (problem) {
        refusals.push(this.msg(problem.key, problem.params));
        continue;
      }
      this.upload(file);
      started.push(file.name);
    }
    this.alertText = refusals.join(' ');
    this.announcement = started.map((name) => this.msg('file.uploading', { name })).join(' ');
  }

  private upload(file: File): void {
    const transfer: Transfer = { id: ++transferIds, file, progress: 0, running: undefined };
    const update = (change: Partial<Transfer>) => {
      this.transfers = this.transfers.map((entry) =>
        entry.id === transfer.id ? { ...entry, ...change } : entry,
      );
    };
    transfer.running = startUpload({
      endpoint: this.uploadEndpoint,
      formId: this.formId,
      ...(this.uploadDraft ? { draft: this.uploadDraft } : {}),
      field: this.name,
      file,
      locale: this.locale,
      onProgress: (fraction) => update({ progress: fraction }),
    });
    this.transfers = [...this.transfers, transfer];
    transfer.running.done.then(
      (answer) => {
        if (!this.transfers.some((entry) => entry.id === transfer.id)) {
          // Removed while it was on its way: the server has it, so take it back there too.
          void deleteUpload(this.uploadEndpoint, answer.uploadId);
          return;
        }
        this.transfers = this.transfers.filter((entry) => entry.id !== transfer.id);
        this.restored = [...this.restored, infoOf(answer)];
        this.announcement = this.msg('file.uploaded', { name: answer.filename });
        this.userChanged();
        this.emitChange();
      },
      (error: unknown) => {
        if (error instanceof UploadFailure && error.code === 'ABORTED') return;
        const reason = error instanceof Error ? error.message : '';
        update({ failure: reason, running: undefined });
        this.alertText = this.msg('file.uploadFailed', { name: file.name, reason });
        this.showErrors = true;
        this.emitChange();
      },
    );
  }

  /** Deletes an uploaded file on the server (it belongs to nobody's application yet). */
  private forget(file: FileInfo): void {
    if (this.uploading && file.ref) void deleteUpload(this.uploadEndpoint, file.ref);
  }

  private removeFile(index: number): void {
    const file = this.restored[index];
    if (file) {
      this.forget(file);
      this.restored = this.restored.filter((_, i) => i !== index);
      this.announcement = this.msg('file.removed', { name: file.name });
    } else {
      const chosen = this.chosen[index - this.restored.length];
      this.chosen = this.chosen.filter((_, i) => i !== index - this.restored.length);
      if (chosen) this.announcement = this.msg('file.removed', { name: chosen.name });
    }
    this.alertText = '';
    this.afterRemove();
  }

  private removeTransfer(transfer: Transfer): void {
    transfer.running?.abort();
    this.transfers = this.transfers.filter((entry) => entry.id !== transfer.id);
    this.announcement = this.msg('file.removed', { name: transfer.file.name });
    this.alertText = '';
    this.afterRemove();
  }

  private afterRemove(): void {
    this.userChanged();
    this.emitChange();
    this.updateComplete.then(() => this.focusTarget?.focus());
  }

  private renderTransfer(transfer: Transfer): TemplateResult {
    const name = transfer.file.name;
    const locked = this.isDisabled || this.readonly;
    if (transfer.failure !== undefined) {
      return html`<li>
        <span class="name failed">${this.msg('file.notUploaded', { name })}</span>
        <button type="button" class="button button--secondary" ?disabled=${locked} @click=${() => this.removeTransfer(transfer)}>
          ${this.msg('file.remove', { name })}
        </button>
      </li>`;
    }
    const percent = Math.round(transfer.progress * 100);
    return html`<li>
      <span class="name">${this.msg('file.uploading', { name })}</span>
      <progress part="progress" max="100" .value=${percent} aria-label=${this.msg('file.progress', { name })}></progress>
      <button type="button" class="button button--secondary" ?disabled=${locked} @click=${() => this.removeTransfer(transfer)}>
        ${this.msg('file.cancel', { name })}
      </button>
    </li>`;
  }

  protected renderControl(describedBy: string, invalid: boolean): TemplateResult {
    const list = (this.modelValue as FileInfo[] | null) ?? [];
    const locked = this.isDisabled || this.readonly;
    return html`<input
        id="control"
        part="control"
        class="control"
        type="file"
        accept=${this.accept || nothing}
        ?multiple=${this.maxFiles > 1}
        ?disabled=${locked}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @change=${this.onPick}
      />
      ${
        list.length || this.transfers.length
          ? html`<ul part="files" class="files">
            ${list.map(
              (file, index) => html`<li>
                <span class="name">${file.name} (${this.formatSize(file.size)})</span>
                <button type="button" class="button button--secondary" ?disabled=${locked} @click=${() => this.removeFile(index)}>
                  ${this.msg('file.remove', { name: file.name })}
                </button>
              </li>`,
            )}
            ${this.transfers.map((transfer) => this.renderTransfer(transfer))}
          </ul>`
          : nothing
      }
      <div class="visually-hidden" role="status" .textContent=${this.announcement}></div>
      <div class="visually-hidden" role="alert" .textContent=${this.alertText}></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'efa-file-field': EfaFileFieldElement;
  }
}
