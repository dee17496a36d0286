import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-yes-no-field.js';

const stories = fieldStories({
  tag: 'efa-yes-no-field',
  title: 'Yes-no field',
  label: 'Ist der Hund ein Assistenzhund?',
  hint: '',
  attributes: ``,
  filled: true,
  description: 'A yes/no question (two radios).',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Yes-no field',
  component: 'efa-yes-no-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
