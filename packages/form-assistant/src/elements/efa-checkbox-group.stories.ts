import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-checkbox-group.js';

const stories = fieldStories({
  tag: 'efa-checkbox-group',
  title: 'Checkbox group',
  label: 'Wofür wird der Hund gehalten?',
  hint: 'Wählen Sie alles Zutreffende aus.',
  attributes: `options='[{"value":"family","label":"Familienhund"},{"value":"guard","label":"Wachhund"},{"value":"herd","label":"Hütehund"}]' max-selected="2"`,
  filled: ['family', 'guard'],
  description: 'A multiple choice as checkboxes.',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Checkbox group',
  component: 'efa-checkbox-group',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
