import type { Meta } from '@storybook/web-components-vite';
import { type FieldArgs, type FieldStory, fieldStories } from './fields.stories.helper.js';
import './efa-email-field.js';

const stories = fieldStories({
  tag: 'efa-email-field',
  title: 'E-mail field',
  label: 'E-Mail-Adresse',
  hint: 'Wir schicken Ihnen eine Eingangsbestätigung.',
  attributes: ``,
  filled: 'erika@example.de',
  description: 'An e-mail address (autocomplete email).',
});

// Title and component stay literal here: Storybook's indexer reads them without running the file.
const meta: Meta<FieldArgs> = {
  ...stories.meta,
  title: 'Form assistant/E-mail field',
  component: 'efa-email-field',
};
export default meta;
export const Empty: FieldStory = stories.Empty;
export const Filled: FieldStory = stories.Filled;
export const WithError: FieldStory = stories.WithError;
export const Disabled: FieldStory = stories.Disabled;
export const ReadOnly: FieldStory = stories.ReadOnly;
export const English: FieldStory = stories.English;
export const Mobile: FieldStory = stories.Mobile;
