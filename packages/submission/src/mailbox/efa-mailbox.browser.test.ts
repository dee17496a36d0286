import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import './efa-mailbox.js';
import type { EfaMailboxElement } from './efa-mailbox.js';
import { type MailboxApplication, type MailboxMessage, memoryMailboxSource } from './source.js';

afterEach(() => {
  document.body.replaceChildren();
});

const applicationId = '0f8d3f4e-2a1b-4c5d-8e9f-0a1b2c3d4e5f';
const application: MailboxApplication = {
  applicationId,
  reference: 'EFA-7KQ2-M9XD',
  serviceName: 'Hund anmelden',
  authorityName: null,
  status: 'ACTION_REQUIRED',
  statusText: 'Rückfrage: Ihre Mitwirkung ist nötig',
  track: [
    { status: 'INITIATED', at: '2026-11-20T09:00:00.000Z' },
    { status: 'ACTION_REQUIRED', at: '2026-11-21T08:30:00.000Z' },
  ],
  unread: 1,
};
const question: MailboxMessage = {
  messageId: '11111111-2222-4333-8444-555555555555',
  applicationId,
  kind: 'question',
  title: 'Impfnachweis fehlt',
  body: 'Bitte nennen Sie das Datum der letzten Tollwutimpfung.',
  sender: 'Stadtverwaltung Pirna',
  service: 'Hund anmelden',
  reference: 'EFA-7KQ2-M9XD',
  requiredTrustLevel: 'low',
  readable: true,
  attachments: [],
  providedAt: '2026-11-21T08:30:00.000Z',
  notificationSentAt: null,
  firstRetrievedAt: null,
  deemedNotifiedAt: null,
  provisionEndsOn: null,
  provisionEnded: false,
  answers: null,
};

async function mount(lang: 'de' | 'en' = 'de', messages: MailboxMessage[] = [question]) {
  const source = memoryMailboxSource({ applications: [application], messages });
  const element = document.createElement('efa-mailbox') as EfaMailboxElement;
  Object.assign(element, { lang, source });
  document.body.append(element);
  await expect
    .element(page.getByRole('heading', { name: lang === 'de' ? 'Mein Postfach' : 'My mailbox' }))
    .toBeVisible();
  return { element, source };
}

describe('<efa-mailbox>', () => {
  it('by keyboard: shows the messages, opens the question, refuses an empty answer, sends one', async () => {
    const { source, element } = await mount();
    await expect.element(page.getByText('Stand: Rückfrage: Ihre Mitwirkung ist nötig')).toBeVisible();
    const toggle = page.getByRole('button', { name: 'Nachrichten anzeigen' });
    await expect.element(toggle).toHaveAttribute('aria-expanded', 'false');
    (toggle.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    await expect
      .element(page.getByRole('button', { name: 'Nachrichten ausblenden' }))
      .toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(page.getByRole('button', { name: 'Öffnen' }));
    await expect
      .element(page.getByText('Bitte nennen Sie das Datum der letzten Tollwutimpfung.'))
      .toBeVisible();
    // Opened: the retrieval is recorded (the read receipt on the server side).
    expect((await source.messages(applicationId)).messages[0]?.firstRetrievedAt).not.toBeNull();
    await userEvent.click(page.getByRole('button', { name: 'Antwort senden' }));
    await expect.element(page.getByText('Bitte schreiben Sie eine Antwort.')).toBeVisible();
    const field = page.getByRole('textbox', { name: 'Ihre Antwort' });
    await expect.element(field).toHaveAttribute('aria-invalid', 'true');
    // Focus moves to the field in error (inside the shadow root, so asked there).
    await expect.poll(() => element.shadowRoot?.activeElement?.getAttribute('name')).toBe('answer');
    await userEvent.type(field, 'Am 3. März 2026.');
    await userEvent.click(page.getByRole('button', { name: 'Antwort senden' }));
    await expect
      .element(page.getByRole('status'))
      .toHaveTextContent('Ihre Antwort wurde an die Behörde übermittelt.');
    const kinds = (await source.messages(applicationId)).messages.map((m) => [m.kind, m.body]);
    expect(kinds).toContainEqual(['answer', 'Am 3. März 2026.']);
  });

  it('records and revokes the consent to electronic notification', async () => {
    const { source } = await mount('en');
    const box = page.getByRole('checkbox', { name: /I agree that decisions are notified/ });
    await userEvent.click(box);
    await expect.element(page.getByRole('status')).toHaveTextContent(/Consent given on/);
    expect((await source.currentConsent()).consent?.given).toBe(true);
    await userEvent.click(box);
    await expect.element(page.getByRole('status')).toHaveTextContent(/Consent revoked on/);
    expect((await source.currentConsent()).consent?.given).toBe(false);
  });

  it('shows only the title and the level needed for a message above the session level', async () => {
    await mount('de', [
      {
        ...question,
        kind: 'decision',
        title: 'Bescheid',
        body: null,
        readable: false,
        requiredTrustLevel: 'substantial',
      },
    ]);
    await userEvent.click(page.getByRole('button', { name: 'Nachrichten anzeigen' }));
    await expect.element(page.getByText('Bescheid: Bescheid')).toBeVisible();
    await expect.element(page.getByText(/Vertrauensniveau „substanziell“/)).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Öffnen' })).not.toBeInTheDocument();
  });

  it('shows a decision with its dates and the download with its SHA-512', async () => {
    await mount('de', [
      {
        ...question,
        kind: 'decision',
        title: 'Bescheid Hundesteuer',
        attachments: [{ filename: 'bescheid.pdf', sha512: 'ab'.repeat(64), size: 2048 }],
        firstRetrievedAt: '2026-11-24T17:45:00.000Z',
        deemedNotifiedAt: '2026-11-25',
      },
    ]);
    await userEvent.click(page.getByRole('button', { name: 'Nachrichten anzeigen' }));
    await expect.element(page.getByText('Gilt als bekannt gegeben am')).toBeVisible();
    await expect.element(page.getByText('25. November 2026')).toBeVisible();
    const link = page.getByRole('link', { name: 'bescheid.pdf herunterladen (2 KB)' });
    await expect.element(link).toHaveAttribute('href', `/postfach/anlage/${question.messageId}/0`);
  });
});
