import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import './efa-session-timeout.js';

/**
 * The session end is given directly (`expires-at`), as the portal would from the session; the
 * keep-alive call is covered by the element's browser tests against the real account backend.
 */
interface Args {
  lang: string;
  secondsLeft: number;
  warnBefore: number;
}

const meta: Meta<Args> = {
  title: 'Service account/Session timeout',
  component: 'efa-session-timeout',
  args: { lang: 'de', secondsLeft: 90, warnBefore: 120 },
  argTypes: { lang: { control: 'inline-radio', options: ['de', 'en'] } },
  render: (args) =>
    html`<p>Seiteninhalt</p>
      <efa-session-timeout
        lang=${args.lang}
        warn-before=${args.warnBefore}
        expires-at=${new Date(Date.now() + args.secondsLeft * 1000).toISOString()}
      ></efa-session-timeout>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Far from the timeout: nothing is shown. */
export const Idle: Story = { args: { secondsLeft: 1500 } };
export const Warning: Story = {};
export const WarningEnglish: Story = { args: { lang: 'en' } };
export const LastSeconds: Story = { args: { secondsLeft: 25 } };
export const Expired: Story = { args: { secondsLeft: -1 } };
export const ExpiredEnglish: Story = { args: { secondsLeft: -1, lang: 'en' } };
export const Mobile: Story = { globals: { viewport: { value: 'mobile1', isRotated: false } } };
