import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-iban-field.js';

const stories = fieldStories({
  tag: 'efa-iban-field',
  title: 'IBAN field',
  label: 'IBAN',
  hint: 'Zum Beispiel DE02 1203 0000 0000 2020 51',
  attributes: ``,
  filled: 'DE02120300000000202051',
  description: 'An IBAN, grouped while typing, check digits verified.',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/IBAN field',
  component: 'efa-iban-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
