import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-number-field.js';

const stories = fieldStories({
  tag: 'efa-number-field',
  title: 'Number field',
  label: 'Gewicht des Hundes',
  hint: 'In Kilogramm, zum Beispiel 12,5',
  attributes: `decimals="1" min="0" max="120" unit="kg"`,
  filled: 12.5,
  description: 'An integer or decimal number in the reader’s notation.',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Number field',
  component: 'efa-number-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
