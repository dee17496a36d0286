import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { EfaFileFieldElement } from './efa-file-field.js';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-file-field.js';

const stories = fieldStories({
  tag: 'efa-file-field',
  title: 'File field',
  label: 'Nachweis der Haftpflichtversicherung',
  hint: 'PDF oder Bild, höchstens 5 MB',
  attributes: `accept="application/pdf,image/*" max-size="5242880"`,
  filled: [{ name: 'versicherung.pdf', size: 48211, mediaType: 'application/pdf', ref: 'u-1' }],
  description:
    'A file upload with type and size checks. With `upload-endpoint` each chosen file goes to the server at once (progress, result and refusals announced); without it the files stay in the browser.',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/File field',
  component: 'efa-file-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;

const uploaded = [
  {
    name: 'Bescheinigung Tierheim.pdf',
    size: 48211,
    mediaType: 'application/pdf',
    ref: '3f1c2b9e-5a47-4d8e-9b21-7c6d5e4f3a2b',
    sha512: 'ab'.repeat(64),
  },
];

/** A field that uploads to `/uploads` (no request is made in these stories: XHR is held). */
function uploadField(args: FieldArgs, value: unknown = null) {
  return html`<efa-file-field
    name="G99777000050.G99777000055.F99777000053"
    label=${args.label}
    hint=${args.hint}
    lang=${args.lang}
    ?required=${args.required}
    accept="application/pdf,image/jpeg,image/png"
    max-size="5242880"
    upload-endpoint="/uploads"
    form-id="dog-registration"
    .modelValue=${value}
  ></efa-file-field>`;
}

async function pick(canvas: HTMLElement, file: File): Promise<EfaFileFieldElement> {
  const field = canvas.querySelector('efa-file-field') as EfaFileFieldElement;
  await field.updateComplete;
  const input = field.shadowRoot?.querySelector('input[type=file]') as HTMLInputElement;
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await field.updateComplete;
  return field;
}

/** Holds every upload: `send` neither sends nor answers, or fails like a lost connection. */
function holdUploads(outcome: 'pending' | 'network-error') {
  return () => {
    const original = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function send(this: XMLHttpRequest) {
      if (outcome === 'network-error') setTimeout(() => this.dispatchEvent(new ProgressEvent('error')), 0);
    };
    return () => {
      XMLHttpRequest.prototype.send = original;
    };
  };
}

const proof = () =>
  new File(['%PDF-1.7 Bescheinigung'], 'Bescheinigung Tierheim.pdf', { type: 'application/pdf' });

/** Uploaded: the value holds the server's id and hash; "entfernen" deletes it there. */
export const Uploaded: StoryObj<FieldArgs> = {
  args: { label: 'Nachweis', hint: 'PDF, JPEG oder PNG, höchstens 5 MB' },
  render: (args) => uploadField(args, uploaded),
};

/** While a file is on its way: progress bar and a cancel button. */
export const Uploading: StoryObj<FieldArgs> = {
  args: { label: 'Nachweis', hint: 'PDF, JPEG oder PNG, höchstens 5 MB' },
  beforeEach: holdUploads('pending'),
  render: (args) => uploadField(args),
  play: async ({ canvasElement }) => {
    await pick(canvasElement, proof());
  },
};

/** The upload failed: announced in an alert, shown at the field, the file listed as not uploaded. */
export const UploadFailed: StoryObj<FieldArgs> = {
  args: { label: 'Nachweis', hint: 'PDF, JPEG oder PNG, höchstens 5 MB' },
  beforeEach: holdUploads('network-error'),
  render: (args) => uploadField(args),
  play: async ({ canvasElement }) => {
    const field = await pick(canvasElement, proof());
    for (let i = 0; i < 50 && !field.shadowRoot?.querySelector('.failed'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
};

/** Uploading at the WCAG reflow width of 320 px. */
export const UploadingMobile: StoryObj<FieldArgs> = {
  args: { label: 'Nachweis', hint: 'PDF, JPEG oder PNG, höchstens 5 MB' },
  beforeEach: holdUploads('pending'),
  decorators: [
    (story) =>
      html`<div style=${styleMap({ maxWidth: '320px', border: '1px dashed #6b6b76' })}>${story()}</div>`,
  ],
  globals: { viewport: { value: 'mobile320', isRotated: false } },
  render: (args) => uploadField(args, uploaded),
  play: async ({ canvasElement }) => {
    const field = canvasElement.querySelector('efa-file-field') as EfaFileFieldElement;
    field.maxFiles = 3;
    await pick(canvasElement, proof());
  },
};
