import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { type MailboxApplication, type MailboxMessage, memoryMailboxSource } from './source.js';
import './efa-mailbox.js';

/**
 * Stories render from an in-memory mailbox (`memoryMailboxSource`); the element's server side
 * is covered by the casework journey tests against the real delivery service.
 */
const applicationId = '0f8d3f4e-2a1b-4c5d-8e9f-0a1b2c3d4e5f';
const application = (status: MailboxApplication['status'], statusText: string): MailboxApplication => ({
  applicationId,
  reference: 'EFA-7KQ2-M9XD',
  serviceName: 'Hund anmelden',
  authorityName: 'Stadtverwaltung Pirna',
  status,
  statusText,
  track: [
    { status: 'INITIATED', at: '2026-11-20T09:00:00.000Z' },
    { status: 'SUBMITTED', at: '2026-11-20T09:00:05.000Z' },
    { status: 'RECEIVED', at: '2026-11-20T10:12:00.000Z' },
    ...(status === 'RECEIVED' ? [] : [{ status, at: '2026-11-21T08:30:00.000Z' }]),
  ],
  unread: 0,
});
const base = {
  applicationId,
  sender: 'Stadtverwaltung Pirna',
  service: 'Hund anmelden',
  reference: 'EFA-7KQ2-M9XD',
  readable: true,
  attachments: [],
  notificationSentAt: null,
  firstRetrievedAt: null,
  deemedNotifiedAt: null,
  provisionEndsOn: null,
  provisionEnded: false,
  answers: null,
};
const question: MailboxMessage = {
  ...base,
  messageId: '11111111-2222-4333-8444-555555555555',
  kind: 'question',
  title: 'Impfnachweis fehlt',
  body: 'Bitte nennen Sie das Datum der letzten Tollwutimpfung von Bello.',
  requiredTrustLevel: 'low',
  providedAt: '2026-11-21T08:30:00.000Z',
};
const decision: MailboxMessage = {
  ...base,
  messageId: '66666666-7777-4888-8999-000000000000',
  kind: 'decision',
  title: 'Bescheid über die Anmeldung zur Hundesteuer',
  body: 'Anbei erhalten Sie Ihren Bescheid.',
  requiredTrustLevel: 'substantial',
  attachments: [{ filename: 'bescheid.pdf', sha512: 'ab'.repeat(64), size: 48_213 }],
  providedAt: '2026-11-24T08:00:00.000Z',
  notificationSentAt: '2026-11-24T08:00:02.000Z',
  firstRetrievedAt: '2026-11-24T17:45:00.000Z',
  deemedNotifiedAt: '2026-11-25',
  provisionEndsOn: '2026-12-04',
};

/**
 * Expands the application's messages (and opens the first unread one) so that the a11y check
 * sees the whole view, not only the collapsed list.
 */
function expanded(openFirst = false): StoryObj['play'] {
  return async ({ canvasElement }) => {
    const root = () => canvasElement.querySelector('efa-mailbox')?.shadowRoot;
    const waitFor = async (selector: string) => {
      const end = Date.now() + 5_000;
      while (!root()?.querySelector(selector)) {
        if (Date.now() > end) throw new Error(`${selector} did not appear`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return root()?.querySelector<HTMLElement>(selector) ?? null;
    };
    (await waitFor('button[aria-expanded="false"]'))?.click();
    await waitFor('button[aria-expanded="true"]');
    if (openFirst) {
      (await waitFor('button[data-key^="open-"]'))?.click();
      await waitFor('textarea');
    }
  };
}

const meta: Meta = {
  title: 'Submission/efa-mailbox',
  component: 'efa-mailbox',
  parameters: { layout: 'padded' },
};
export default meta;

export const Question: StoryObj = {
  play: expanded(true),
  render: () =>
    html`<efa-mailbox
      .source=${memoryMailboxSource({
        applications: [application('ACTION_REQUIRED', 'Rückfrage: Ihre Mitwirkung ist nötig')],
        messages: [question],
        consent: null,
      })}
    ></efa-mailbox>`,
};

export const DecisionWithDates: StoryObj = {
  play: expanded(),
  render: () =>
    html`<efa-mailbox
      .source=${memoryMailboxSource({
        applications: [application('COMPLETED', 'Verfahren abgeschlossen')],
        messages: [{ ...question, firstRetrievedAt: '2026-11-21T12:00:00.000Z' }, decision],
        consent: { given: true, at: '2026-11-20T08:59:00.000Z' },
      })}
    ></efa-mailbox>`,
};

export const TrustLevelTooLow: StoryObj = {
  play: expanded(),
  render: () =>
    html`<efa-mailbox
      .source=${memoryMailboxSource({
        applications: [application('COMPLETED', 'Verfahren abgeschlossen')],
        messages: [{ ...decision, readable: false, body: null, sender: null, attachments: [] }],
      })}
    ></efa-mailbox>`,
};

export const English: StoryObj = {
  render: () =>
    html`<efa-mailbox
      lang="en"
      .source=${memoryMailboxSource({
        applications: [application('PROCESSING', 'Application being processed')],
        messages: [],
        consent: { given: false, at: '2026-11-22T10:00:00.000Z' },
      })}
    ></efa-mailbox>`,
};

export const Empty: StoryObj = {
  render: () =>
    html`<efa-mailbox .source=${memoryMailboxSource({ applications: [], messages: [] })}></efa-mailbox>`,
};
