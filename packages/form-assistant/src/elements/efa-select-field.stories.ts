import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-select-field.js';

const stories = fieldStories({
  tag: 'efa-select-field',
  title: 'Select field',
  label: 'Bundesland',
  hint: '',
  attributes: `options='[{"value":"SN","label":"Sachsen"},{"value":"SH","label":"Schleswig-Holstein"},{"value":"BY","label":"Bayern"}]'`,
  filled: 'SN',
  description: 'A single choice from a long list.',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Select field',
  component: 'efa-select-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
