import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-date-field.js';

const stories = fieldStories({
  tag: 'efa-date-field',
  title: 'Date field',
  label: 'Geburtsdatum des Hundes',
  hint: 'Zum Beispiel 27 3 2020',
  attributes: `max="2026-11-23"`,
  filled: '2020-03-27',
  description: 'A date as day, month and year (GOV.UK date input).',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Date field',
  component: 'efa-date-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
