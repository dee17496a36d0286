import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-radio-group.js';

const stories = fieldStories({
  tag: 'efa-radio-group',
  title: 'Radio group',
  label: 'Rasse',
  hint: '',
  attributes: `options='[{"value":"mix","label":"Mischling"},{"value":"lab","label":"Labrador Retriever","hint":"auch Labrador-Mischlinge"},{"value":"other","label":"Andere Rasse"}]'`,
  filled: 'lab',
  description: 'A single choice as radio buttons.',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Radio group',
  component: 'efa-radio-group',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
