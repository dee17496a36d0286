import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-file-field.js';

const stories = fieldStories({
  tag: 'efa-file-field',
  title: 'File field',
  label: 'Nachweis der Haftpflichtversicherung',
  hint: 'PDF oder Bild, höchstens 5 MB',
  attributes: `accept="application/pdf,image/*" max-size="5242880"`,
  filled: [{ name: 'versicherung.pdf', size: 48211, mediaType: 'application/pdf', ref: 'u-1' }],
  description: 'A file upload with type and size checks.',
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
