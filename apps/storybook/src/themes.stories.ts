import type { Meta, StoryObj } from '@storybook/web-components-vite';
import * as dateField from '../../../packages/form-assistant/src/elements/efa-date-field.stories.js';
import * as form from '../../../packages/form-assistant/src/elements/efa-form.stories.js';
import * as radioGroup from '../../../packages/form-assistant/src/elements/efa-radio-group.stories.js';
import * as textField from '../../../packages/form-assistant/src/elements/efa-text-field.stories.js';
import * as finder from '../../../packages/jurisdiction-finder/src/elements/efa-jurisdiction-finder.stories.js';
import * as payment from '../../../packages/payment/src/elements/efa-payment.stories.js';
import * as login from '../../../packages/service-account/src/elements/efa-login.stories.js';
import * as timeout from '../../../packages/service-account/src/elements/efa-session-timeout.stories.js';
import * as inbox from '../../../packages/submission/src/inbox/efa-inbox.stories.js';
import * as mailbox from '../../../packages/submission/src/mailbox/efa-mailbox.stories.js';

/**
 * One representative story of every element in each theme besides the default: KERN's tokens
 * on the page and each state theme. Every story of every package already runs in the default
 * "no tokens" theme; these add the other themes without running all ~150 stories four times,
 * so the axe gate (`pnpm --filter @efa-kit/storybook test`) sees each element in every theme.
 * A story that waits for its final state (`play`) keeps waiting here.
 */
const meta: Meta = {
  title: 'Themes/Every element in every theme',
  tags: ['!autodocs'],
};
export default meta;

interface StoryModule {
  default: Meta;
}

/** The story with its file's defaults (render, args, decorators, loaders) under one theme. */
function inTheme(module: StoryModule, story: StoryObj, theme: string): StoryObj {
  const file = module.default as StoryObj;
  return {
    ...file,
    ...story,
    args: { ...file.args, ...story.args },
    argTypes: { ...file.argTypes, ...story.argTypes },
    parameters: { ...file.parameters, ...story.parameters },
    decorators: [...[story.decorators ?? []].flat(), ...[file.decorators ?? []].flat()],
    loaders: [...[file.loaders ?? []].flat(), ...[story.loaders ?? []].flat()],
    globals: { ...story.globals, theme },
  };
}

export const KernPayment: StoryObj = inTheme(payment, payment.Quoted, 'kern');
export const KernJurisdictionFinder: StoryObj = inTheme(finder, finder.Found, 'kern');
export const KernLogin: StoryObj = inTheme(login, login.StepUpRequired, 'kern');
export const KernSessionTimeout: StoryObj = inTheme(timeout, timeout.Warning, 'kern');
export const KernInbox: StoryObj = inTheme(inbox, inbox.Liste, 'kern');
export const KernMailbox: StoryObj = inTheme(mailbox, mailbox.Question, 'kern');
export const KernForm: StoryObj = inTheme(form, form.ErrorSummary, 'kern');
export const KernTextField: StoryObj = inTheme(textField, textField.WithError, 'kern');
export const KernRadioGroup: StoryObj = inTheme(radioGroup, radioGroup.WithError, 'kern');
export const KernDateField: StoryObj = inTheme(dateField, dateField.WithError, 'kern');

export const SachsenPayment: StoryObj = inTheme(payment, payment.Quoted, 'sachsen');
export const SachsenJurisdictionFinder: StoryObj = inTheme(finder, finder.Found, 'sachsen');
export const SachsenLogin: StoryObj = inTheme(login, login.StepUpRequired, 'sachsen');
export const SachsenSessionTimeout: StoryObj = inTheme(timeout, timeout.Warning, 'sachsen');
export const SachsenInbox: StoryObj = inTheme(inbox, inbox.Liste, 'sachsen');
export const SachsenMailbox: StoryObj = inTheme(mailbox, mailbox.Question, 'sachsen');
export const SachsenForm: StoryObj = inTheme(form, form.ErrorSummary, 'sachsen');
export const SachsenTextField: StoryObj = inTheme(textField, textField.WithError, 'sachsen');
export const SachsenRadioGroup: StoryObj = inTheme(radioGroup, radioGroup.WithError, 'sachsen');
export const SachsenDateField: StoryObj = inTheme(dateField, dateField.WithError, 'sachsen');

export const SchleswigHolsteinPayment: StoryObj = inTheme(payment, payment.Quoted, 'schleswig-holstein');
export const SchleswigHolsteinJurisdictionFinder: StoryObj = inTheme(
  finder,
  finder.Found,
  'schleswig-holstein',
);
export const SchleswigHolsteinLogin: StoryObj = inTheme(login, login.StepUpRequired, 'schleswig-holstein');
export const SchleswigHolsteinSessionTimeout: StoryObj = inTheme(
  timeout,
  timeout.Warning,
  'schleswig-holstein',
);
export const SchleswigHolsteinInbox: StoryObj = inTheme(inbox, inbox.Liste, 'schleswig-holstein');
export const SchleswigHolsteinMailbox: StoryObj = inTheme(mailbox, mailbox.Question, 'schleswig-holstein');
export const SchleswigHolsteinForm: StoryObj = inTheme(form, form.ErrorSummary, 'schleswig-holstein');
export const SchleswigHolsteinTextField: StoryObj = inTheme(
  textField,
  textField.WithError,
  'schleswig-holstein',
);
export const SchleswigHolsteinRadioGroup: StoryObj = inTheme(
  radioGroup,
  radioGroup.WithError,
  'schleswig-holstein',
);
export const SchleswigHolsteinDateField: StoryObj = inTheme(
  dateField,
  dateField.WithError,
  'schleswig-holstein',
);
