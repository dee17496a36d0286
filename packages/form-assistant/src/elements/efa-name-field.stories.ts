import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-name-field.js';

const stories = fieldStories({
  tag: 'efa-name-field',
  title: 'Name field',
  label: 'Name der Halterin oder des Halters',
  hint: '',
  attributes: ``,
  filled: { givenNames: 'Erika', familyName: 'Mustermann' },
  description: 'Given name(s) and family name.',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Name field',
  component: 'efa-name-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
