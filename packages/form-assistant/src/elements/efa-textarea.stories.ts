import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-textarea.js';

const stories = fieldStories({
  tag: 'efa-textarea',
  title: 'Textarea',
  label: 'Besondere Merkmale',
  hint: 'Zum Beispiel Fellfarbe oder Abzeichen',
  attributes: `maxlength="500"`,
  filled: 'Schwarzes Fell,\nweiße Pfote links',
  description: 'Several lines of text.',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Textarea',
  component: 'efa-textarea',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
