import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { MeOutput } from '../schema/api.js';
import type { Identity } from '../schema/identity.js';
import './efa-login.js';

/**
 * Stories render from data the element can be given directly (`.account`), as a server-rendered
 * page would; the element's network behaviour is covered by its browser tests against the real
 * account backend and the development identity provider.
 */
const session = (trustLevel: 'low' | 'substantial' | 'high') => ({
  trustLevel,
  idleExpiresAt: '2026-11-23T10:30:00.000Z',
  absoluteExpiresAt: '2026-11-23T22:00:00.000Z',
  idleTimeoutSeconds: 1800,
});

const erika: Identity = {
  kind: 'person',
  subject: 'yL0m1mM3y6dR2b1kQ9jYhJm1vQ4x0o2b3c4d5e6f7g8',
  issuer: 'http://localhost:4010',
  trustLevel: 'high',
  method: 'eid-card',
  authenticatedAt: '2026-11-23T10:00:00.000Z',
  person: { givenNames: 'Erika', familyName: 'Mustermann', birthName: 'Gabler', birthDate: '1964-08-12' },
  provenance: { givenNames: { source: 'eid-card', level: 'high' } },
};

const account = (identity: Identity, displayName: string): MeOutput => ({
  identity,
  displayName,
  session: session(identity.trustLevel),
});

const company: Identity = {
  kind: 'organisation',
  subject: 'elster-musterbau',
  issuer: 'http://localhost:4010',
  trustLevel: 'substantial',
  method: 'elster-certificate',
  authenticatedAt: '2026-11-23T10:00:00.000Z',
  organisation: { name: 'Musterbau GmbH', legalForm: 'Gesellschaft mit beschränkter Haftung' },
  provenance: { name: { source: 'elster', level: 'substantial' } },
  actingPerson: { givenNames: 'Hans', familyName: 'Baumeister' },
};

interface Args {
  lang: string;
  requiredLevel: '' | 'low' | 'substantial' | 'high';
  account?: MeOutput;
  loginResult?: string;
  endpoint?: string;
}

const meta: Meta<Args> = {
  title: 'Service account/Login',
  component: 'efa-login',
  args: { lang: 'de', requiredLevel: '' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['de', 'en'] },
    requiredLevel: { control: 'inline-radio', options: ['', 'low', 'substantial', 'high'] },
  },
  render: (args) =>
    html`<efa-login
      lang=${args.lang}
      required-level=${args.requiredLevel}
      endpoint=${args.endpoint ?? '/trpc'}
      login-result=${args.loginResult ?? ''}
      .account=${args.account}
    ></efa-login>`,
};
export default meta;
type Story = StoryObj<Args>;

export const LoggedOut: Story = { args: { account: null } };
export const LoggedOutEnglish: Story = { args: { account: null, lang: 'en' } };
export const LoggedInHigh: Story = { args: { account: account(erika, 'Erika Mustermann') } };
export const LoggedInSubstantial: Story = {
  args: {
    account: account(
      { ...erika, trustLevel: 'substantial', method: 'elster-certificate' },
      'Erika Mustermann',
    ),
  },
};
export const Company: Story = { args: { account: account(company, 'Musterbau GmbH') } };
/** Logged in with username and password (low) on a page whose service needs "hoch". */
export const StepUpRequired: Story = {
  args: {
    requiredLevel: 'high',
    account: account({ ...erika, trustLevel: 'low', method: 'username-password' }, 'Erika Mustermann'),
  },
};
export const StepUpRequiredEnglish: Story = { args: { ...StepUpRequired.args, lang: 'en' } };
export const LoginCancelled: Story = { args: { account: null, loginResult: 'ACCOUNT_LOGIN_CANCELLED' } };
/** The provider said the account is locked: no "you cancelled", but what is true (issue 12). */
export const AccountLocked: Story = { args: { account: null, loginResult: 'ACCOUNT_LOCKED' } };
/** The ID document used for the eID login has expired. */
export const DocumentExpired: Story = { args: { account: null, loginResult: 'ACCOUNT_DOCUMENT_EXPIRED' } };
export const DocumentExpiredEnglish: Story = { args: { ...DocumentExpired.args, lang: 'en' } };
export const LevelTooLow: Story = {
  args: { account: null, requiredLevel: 'high', loginResult: 'ACCOUNT_LEVEL_TOO_LOW' },
};
/** The endpoint cannot be reached: the element says so in an alert and offers a retry. */
export const ServiceUnreachable: Story = { args: { endpoint: 'http://127.0.0.1:9/trpc' } };
export const Mobile: Story = {
  args: { account: account(erika, 'Dr. Leyla Beispiel-Yılmaz-Schmidt-Hohenberg') },
  globals: { viewport: { value: 'mobile1', isRotated: false } },
};
