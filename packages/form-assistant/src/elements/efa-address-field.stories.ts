import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-address-field.js';

const stories = fieldStories({
  tag: 'efa-address-field',
  title: 'Address field',
  label: 'Anschrift',
  hint: 'Wo der Hund gehalten wird',
  attributes: ``,
  filled: { street: 'Heideweg', houseNumber: '12', postcode: '01067', town: 'Dresden' },
  description: 'A German postal address; the town is suggested from the postcode.',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/Address field',
  component: 'efa-address-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
