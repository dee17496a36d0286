import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-phone-field.js';

const stories = fieldStories({
  tag: 'efa-phone-field',
  title: 'Phone field',
  label: 'Telefonnummer',
  hint: 'Für Rückfragen',
  attributes: ``,
  filled: '+49 351 1234567',
  description: 'A telephone number (autocomplete tel).',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Phone field',
  component: 'efa-phone-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
