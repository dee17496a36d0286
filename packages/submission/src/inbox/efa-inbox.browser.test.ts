import { compactDecrypt, importJWK } from 'jose';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import './efa-inbox.js';
import type { EfaInboxElement } from './efa-inbox.js';
import type { InboxFixtures } from './fixtures.test.support.js';
import { memoryKeyStore } from './key-store.js';
import { memoryInboxSource } from './memory-source.js';

const fixtures = inject('inboxFixtures');
const worker = () => new Worker(new URL('./decrypt-worker.ts', import.meta.url), { type: 'module' });

afterEach(() => {
  document.body.replaceChildren();
});

function sourceFor(f: InboxFixtures) {
  return memoryInboxSource({
    destinations: [
      {
        destinationId: f.destinationId,
        authorityName: 'Stadt Pirna',
        encryptionKid: f.publicJwk.kid,
        signingKid: null,
      },
    ],
    cases: [f.valid, f.tamperedHash, f.missingAttachment].map((c) => ({
      summary: c.summary,
      encrypted: c.encrypted,
    })),
    replyJwk: f.replyPublicJwk,
  });
}

async function mount(props: Partial<EfaInboxElement> = {}) {
  const source = sourceFor(fixtures);
  const keyStore = memoryKeyStore();
  const element = document.createElement('efa-inbox');
  Object.assign(element, { lang: 'de', source, keyStore, createWorker: worker, ...props });
  document.body.append(element);
  await until(() => element.shadowRoot?.querySelector('.cases') !== null);
  return { element, source, keyStore, root: element.shadowRoot as ShadowRoot };
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function chooseFile(input: HTMLInputElement, file: File) {
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

async function enrol(root: ShadowRoot) {
  const input = root.querySelector<HTMLInputElement>(`#import-${fixtures.destinationId}`) as HTMLInputElement;
  chooseFile(
    input,
    new File([JSON.stringify({ privateJwk: fixtures.privateJwk })], 'delivery-destination-key.json'),
  );
  await until(() => root.querySelector('[data-state="enrolled"]') !== null);
}

const status = (root: ShadowRoot) => root.querySelector('[role="status"]')?.textContent ?? '';

describe('<efa-inbox>', () => {
  it('lists the cases as a table and the destinations to enrol', async () => {
    const { root } = await mount();
    await expect.element(page.getByRole('table', { name: 'Eingegangene Anträge, 3 Vorgänge' })).toBeVisible();
    const rows = root.querySelectorAll('.cases .body [role="row"]');
    expect(rows).toHaveLength(3);
    const cells = [...(rows[0] as HTMLElement).children].map((c) => c.textContent);
    expect(cells[1]).toBe('Hundesteuer: Anmeldung');
    expect(cells[2]).toBe('01.12.2026, 10:30');
    expect(cells.slice(3)).toEqual(['eingegangen', 'nicht geprüft', '1']);
    expect(root.querySelector('[data-state]')?.textContent).toBe('nicht eingerichtet');
    expect(status(root)).toBe('3 Vorgänge geladen.');
  });

  it('enrols the key file, opens a case in the worker, shows it verified, and accepts with a SET the server verifies', async () => {
    const { element, source, root } = await mount({
      validateData: ({ data }) => ((data as { dogName?: string }).dogName ? [] : ['dogName fehlt']),
    });
    await enrol(root);
    expect(status(root)).toBe('Der Schlüssel für Stadt Pirna ist eingerichtet.');
    const shown = JSON.parse(root.querySelector('pre.jwk')?.textContent ?? '{}');
    expect(shown.encryption.kid).toBe(fixtures.publicJwk.kid);
    expect(JSON.stringify(shown)).not.toContain('"d"');
    // The authority registers the signature key the browser made (what the delivery service checks).
    source.registerSigningKey(fixtures.destinationId, shown.signing);

    await userEvent.click(page.getByRole('button', { name: 'Vorgang vom 01.12.2026, 10:30 öffnen' }).first());
    await until(() => root.querySelector('#case-heading') !== null);
    const heading = root.querySelector('#case-heading') as HTMLElement;
    expect(heading.textContent).toBe(`Vorgang ${fixtures.plain.reference}`);
    expect(root.activeElement).toBe(heading);
    expect(root.querySelector('[data-result]')?.getAttribute('data-result')).toBe('valid');
    expect(status(root)).toBe(`Vorgang ${fixtures.plain.reference} geöffnet. Prüfung: gültig.`);
    expect(root.querySelector('.answers')?.textContent).toContain('Bello');
    expect(root.querySelector('.answers dl')?.textContent).toContain('Dog BreedMischling');
    // The server learnt the reference and the result, nothing else.
    expect(source.cases[0]).toMatchObject({ reference: fixtures.plain.reference, verification: 'valid' });

    const link = root.querySelector<HTMLAnchorElement>('a[data-attachment]') as HTMLAnchorElement;
    expect(link.download).toBe('Impfpass.pdf');
    const downloaded = new Uint8Array(await (await fetch(link.href)).arrayBuffer());
    expect(btoa(String.fromCharCode(...downloaded))).toBe(fixtures.plain.attachmentBase64);

    await userEvent.click(page.getByRole('button', { name: 'Eingang bestätigen' }));
    await until(() => source.events.length === 1);
    const event = source.events[0]?.claims.events as Record<
      string,
      { authenticationTags: { metadata: string } }
    >;
    expect(
      event['https://schema.fitko.de/fit-connect/events/accept-submission']?.authenticationTags.metadata,
    ).toBe(fixtures.valid.encrypted.encryptedMetadata.split('.')[4]);
    await until(() => status(root) === 'Der Eingang ist bestätigt und an den Zustelldienst gemeldet.');
    expect(root.querySelector<HTMLButtonElement>('[data-key="accept"]')?.disabled).toBe(true);

    // Back to the list: focus returns to the case's button.
    await userEvent.click(page.getByRole('button', { name: 'Zurück zur Liste' }));
    expect((root.activeElement as HTMLElement | null)?.dataset.open).toBe(fixtures.valid.summary.caseId);
    expect(root.querySelector('.cases .body [role="rowheader"] button')?.textContent).toBe(
      fixtures.plain.reference,
    );
    element.remove();
  });

  it('shows a tampered case as faulty, offers no accept, and rejects with the problem found', async () => {
    const { source, root } = await mount();
    await enrol(root);
    source.registerSigningKey(
      fixtures.destinationId,
      JSON.parse(root.querySelector('pre.jwk')?.textContent ?? '{}').signing,
    );
    (
      root.querySelector(`button[data-open="${fixtures.tamperedHash.summary.caseId}"]`) as HTMLButtonElement
    ).click();
    await until(() => root.querySelector('[data-result]') !== null);
    expect(root.querySelector('[data-result]')?.getAttribute('data-result')).toBe('invalid');
    expect(root.querySelector('[data-check="attachmentHashes"]')?.getAttribute('data-status')).toBe('failed');
    expect(root.querySelector<HTMLButtonElement>('[data-key="accept"]')?.disabled).toBe(true);
    const select = root.querySelector<HTMLSelectElement>('#reject-problem') as HTMLSelectElement;
    expect(select.options[0]?.textContent).toContain(
      `attachment:${fixtures.tamperedHash.encrypted.announcedAttachmentIds[0]}`,
    );
    await userEvent.click(page.getByRole('button', { name: 'Zurückweisen' }));
    await until(() => source.events.length === 1);
    const events = source.events[0]?.claims.events as Record<string, { problems: Array<{ type: string }> }>;
    expect(events['https://schema.fitko.de/fit-connect/events/reject-submission']?.problems[0]?.type).toBe(
      'https://schema.fitko.de/fit-connect/events/problems/hash-mismatch',
    );
    expect(source.cases[1]?.status).toBe('rejected');
    await until(() => status(root) === 'Der Antrag ist zurückgewiesen und an den Zustelldienst gemeldet.');
  });

  it('without a key says so instead of opening; an unverifiable SET is not reported as done', async () => {
    const { source, root } = await mount();
    (root.querySelector('button[data-open]') as HTMLButtonElement).click();
    await until(() => root.querySelector('[role="alert"]')?.textContent !== '');
    expect(root.querySelector('[role="alert"]')?.textContent).toContain(
      'ist in diesem Browser kein Schlüssel eingerichtet',
    );
    await enrol(root);
    // No signature key registered at the "server": the event is refused and no success shown.
    (root.querySelector('button[data-open]') as HTMLButtonElement).click();
    await until(() => root.querySelector('[data-result]') !== null);
    const form = root.querySelector<HTMLButtonElement>('[data-key="accept"]');
    expect(form?.disabled).toBe(true); // incomplete: no form validator
    (root.querySelector('[data-key="reject"]') as HTMLButtonElement).click();
    await until(
      () => root.querySelector('[role="alert"]')?.textContent?.includes('nicht angenommen') === true,
    );
    expect(source.events).toEqual([]);
  });

  it('changes the status, asks a question and sends a decision encrypted to the reply key', async () => {
    const { source, root } = await mount();
    await enrol(root);
    (root.querySelector('button[data-open]') as HTMLButtonElement).click();
    await until(() => root.querySelector('[data-result]') !== null);
    await userEvent.click(page.getByRole('button', { name: 'In Bearbeitung nehmen' }));
    await until(() => status(root) === 'Status: in Bearbeitung.');
    expect(source.cases[0]?.status).toBe('in_progress');

    // Required fields are checked and announced before anything is sent.
    await userEvent.click(page.getByRole('button', { name: 'Rückfrage senden' }));
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Bitte füllen Sie „Betreff“ aus.');
    expect(root.activeElement?.id).toBe('ask-title');
    await userEvent.fill(page.getByRole('textbox', { name: 'Betreff' }).first(), 'Impfpass');
    await userEvent.fill(
      page.getByRole('textbox', { name: 'Nachricht' }).first(),
      'Bitte reichen Sie den Impfpass nach.',
    );
    await userEvent.click(page.getByRole('button', { name: 'Rückfrage senden' }));
    await until(() => source.sent.length === 1);
    expect(source.sent[0]).toMatchObject({ kind: 'question', title: 'Impfpass' });
    expect(source.cases[0]?.status).toBe('action_required');

    const pdf = new TextEncoder().encode('%PDF-1.7\nBescheid über die Hundesteuer\n%%EOF');
    const decide = root.querySelector('#decide-title')?.closest('form') as HTMLFormElement;
    (decide.querySelector('#decide-title') as HTMLInputElement).value = 'Bescheid';
    (decide.querySelector('#decide-body') as HTMLTextAreaElement).value = 'Anbei der Bescheid.';
    const file = decide.querySelector('#decide-file') as HTMLInputElement;
    const transfer = new DataTransfer();
    transfer.items.add(new File([pdf], 'Bescheid.pdf', { type: 'application/pdf' }));
    file.files = transfer.files;
    await userEvent.click(page.getByRole('button', { name: 'Bescheid verschlüsselt senden' }));
    await until(() => source.sent.length === 2);
    const decision = source.sent[1]?.decision;
    expect(decision).toMatchObject({ filename: 'Bescheid.pdf', size: pdf.byteLength });
    const { plaintext, protectedHeader } = await compactDecrypt(
      decision?.jwe ?? '',
      await importJWK(fixtures.replyPrivateJwk, 'RSA-OAEP-256'),
    );
    expect(protectedHeader).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'application/pdf' });
    expect(new TextDecoder().decode(plaintext)).toBe(new TextDecoder().decode(pdf));
    expect(source.cases[0]?.status).toBe('decided');
    await until(() => status(root) === 'Der Bescheid ist gesendet.');
    // The case's messages, as the server lists them.
    await until(() => root.querySelectorAll('.messages [data-message]').length === 2);
    expect(root.querySelector('.messages')?.textContent).toContain('Rückfrage: Impfpass');
    expect(root.querySelector('.messages')?.textContent).toContain('Bescheid: Bescheid');
  });

  it('decrypts a citizen’s answer on the case, checks it, and confirms its receipt with a signed SET', async () => {
    const { element, source, root } = await mount();
    await enrol(root);
    source.registerSigningKey(
      fixtures.destinationId,
      JSON.parse(root.querySelector('pre.jwk')?.textContent ?? '{}').signing,
    );
    (root.querySelector(`button[data-open="${fixtures.valid.summary.caseId}"]`) as HTMLButtonElement).click();
    await until(() => root.querySelector('[data-result]') !== null);
    const { body, ...answer } = fixtures.answer;
    source.receiveAnswer(fixtures.valid.summary.caseId, answer);
    await element.loadMessages(fixtures.valid.summary.caseId);
    await until(() => root.querySelector('[data-answer-result]') !== null);
    expect(root.querySelector('[data-answer-result]')?.getAttribute('data-answer-result')).toBe('valid');
    expect(root.querySelector('.messages')?.textContent).toContain(body);
    await userEvent.click(page.getByRole('button', { name: 'Eingang der Antwort bestätigen' }));
    await until(() => source.events.length === 1);
    expect(source.events[0]?.claims.sub).toBe(`submission:${answer.submissionId}`);
    expect(source.cases[0]?.status).toBe('received');
    await until(() => status(root) === 'Eingang bestätigt');
  });

  it('speaks English completely, and works by keyboard', async () => {
    const { root } = await mount({ lang: 'en' });
    await expect.element(page.getByRole('table', { name: 'Applications received, 3 cases' })).toBeVisible();
    expect(root.querySelector('[data-state]')?.textContent).toBe('not set up');
    await enrol(root);
    const open = root.querySelector('button[data-open]') as HTMLButtonElement;
    open.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => root.querySelector('#case-heading') !== null);
    expect(root.querySelector('#case-heading')?.textContent).toBe(`Case ${fixtures.plain.reference}`);
    expect(root.querySelector('[data-check="dataSchema"]')?.textContent).toBe(
      'Data against the form definition: not checked',
    );
    expect(root.activeElement?.id).toBe('case-heading');
  });
});
