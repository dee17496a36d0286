import { formatMoney, type Locale } from '@efa-kit/core';
import { type DeliveryPipeline, formatBerlinInstant } from '@efa-kit/submission/server';
import type { PageContext, PortalPage } from '../capability.js';
import { html, type SafeHtml } from '../html.js';
import { localizedHref } from '../layout.js';

const text = {
  de: {
    title: 'Ihr Antrag',
    notFound:
      'Diesen Antrag finden wir nicht. Bitte melden Sie sich mit dem Konto an, mit dem Sie ihn gestellt haben.',
    reference: 'Aktenzeichen (Ihre Referenz)',
    submittedAt: 'Eingegangen am',
    authority: 'Zuständige Stelle',
    service: 'Leistung',
    status: 'Stand der Übermittlung',
    statuses: {
      pending:
        'Wird übermittelt. Ihr Antrag ist gespeichert und verschlüsselt; der Zustelldienst hat ihn noch nicht angenommen.',
      submitted:
        'Übermittelt. Der Zustelldienst hat Ihren Antrag angenommen und hält ihn verschlüsselt für die Behörde bereit.',
      accepted: 'Von der Behörde angenommen.',
      rejected:
        'Von der Behörde zurückgewiesen. Bitte wenden Sie sich an die zuständige Stelle und nennen Sie Ihr Aktenzeichen.',
      failed:
        'Die Übermittlung ist nach mehreren Versuchen fehlgeschlagen. Ihr Antrag ist gespeichert und steht in der Liste, die unser Betrieb abarbeitet; er wird von dort erneut übermittelt. Sie müssen nichts neu eingeben. Wenn es eilt, wenden Sie sich mit Ihrem Aktenzeichen an die zuständige Stelle.',
    },
    refresh: 'Stand aktualisieren',
    states: {
      created: 'Stand: Ihr Antrag ist verschlüsselt gespeichert und wartet auf den Zustelldienst.',
      announced: 'Stand: Ihr Antrag ist beim Zustelldienst angemeldet; die Dateien werden übertragen.',
      uploaded: 'Stand: Die Dateien sind beim Zustelldienst; der Antrag wird abgeschickt.',
    },
    answers: 'Ihre Angaben',
    attachments: 'Übermittelte Dateien',
    file: 'Datei',
    hash: 'Prüfsumme (SHA-512)',
    fee: 'Gebühr',
    kassenzeichen: 'Kassenzeichen',
    receipt: 'Eingangsbestätigung als PDF herunterladen',
    next: 'Wie es weitergeht',
    nextText:
      'Die Behörde prüft Ihren Antrag. Bei Rückfragen meldet sie sich bei Ihnen. Bitte halten Sie Ihr Aktenzeichen bereit.',
  },
  en: {
    title: 'Your application',
    notFound: 'We cannot find this application. Please sign in with the account you made it with.',
    reference: 'Reference number',
    submittedAt: 'Received on',
    authority: 'Responsible authority',
    service: 'Service',
    status: 'Delivery status',
    statuses: {
      pending:
        'Being delivered. Your application is stored and encrypted; the delivery service has not taken it yet.',
      submitted:
        'Delivered. The delivery service has taken your application and holds it, encrypted, for the authority.',
      accepted: 'Accepted by the authority.',
      rejected:
        'Rejected by the authority. Please contact the responsible authority and quote your reference number.',
      failed:
        'The delivery failed after several attempts. Your application is stored and on the list our operations team works through; it will be delivered again from there. You do not need to enter anything again. If it is urgent, contact the responsible authority and quote your reference number.',
    },
    refresh: 'Refresh the status',
    states: {
      created: 'Progress: your application is stored encrypted and waits for the delivery service.',
      announced: 'Progress: your application is announced at the delivery service; the files are being sent.',
      uploaded: 'Progress: the files are at the delivery service; the application is being sent.',
    },
    answers: 'Your answers',
    attachments: 'Files delivered',
    file: 'File',
    hash: 'Checksum (SHA-512)',
    fee: 'Fee',
    kassenzeichen: 'Cash reference (Kassenzeichen)',
    receipt: 'Download the receipt as PDF',
    next: 'What happens next',
    nextText:
      'The authority reviews your application and will contact you if it has questions. Please keep your reference number.',
  },
} as const satisfies Record<Locale, unknown>;

interface StoredView {
  authority?: { name?: string; address?: string };
  service?: { name?: string };
  summary?: ReadonlyArray<{ title: string; lines: ReadonlyArray<{ label: string; value: string }> }>;
  attachments?: ReadonlyArray<{ filename: string; sha512: string }>;
  fee?: { amountCents: number; kassenzeichen: string };
}

/** The pipeline states before the delivery service has the application, with their own words. */
const pendingStates = ['created', 'announced', 'uploaded'] as const;
type PendingState = (typeof pendingStates)[number];
const isPendingState = (state: string): state is PendingState =>
  (pendingStates as readonly string[]).includes(state);

/**
 * The confirmation and status page of one application (`/antrag/status?antrag=<id>`), for its
 * owner: reference, time, authority, answers, files with their checksums, fee, and the
 * delivery status as it is, never "übermittelt" before the delivery service has it. While it
 * is on its way, the page script (client/submission.ts) asks `submission.status` and updates
 * the live region until a final state; the texts for every state are rendered here, in the
 * page's language, as data attributes.
 */
export function submissionPages(pipeline: DeliveryPipeline): PortalPage[] {
  return [
    {
      path: '/antrag/status',
      title: { de: text.de.title, en: text.en.title },
      entry: 'submission',
      async render({ locale, url, session }: PageContext): Promise<SafeHtml> {
        const t = text[locale];
        const id = url.searchParams.get('antrag') ?? '';
        const found =
          session && /^[0-9a-f-]{36}$/.test(id) ? await pipeline.receiptViewFor(session.subject, id) : null;
        if (!found) return html`<h1>${t.title}</h1><p>${t.notFound}</p>`;
        const { status } = found;
        const view = found.view as StoredView;
        const statusHref = localizedHref(`/antrag/status?antrag=${id}`, locale);
        return html`<h1>${view.service?.name ?? t.title}</h1>
<dl class="facts">
<dt>${t.reference}</dt><dd><strong class="reference">${status.reference}</strong></dd>
<dt>${t.submittedAt}</dt><dd>${formatBerlinInstant(status.submittedAt, locale)}</dd>
<dt>${t.authority}</dt><dd>${view.authority?.name ?? ''}</dd>
${view.fee ? html`<dt>${t.fee}</dt><dd>${formatMoney(view.fee.amountCents, locale)} (${t.kassenzeichen} ${view.fee.kassenzeichen})</dd>` : ''}
</dl>
<section aria-labelledby="status-heading" class="delivery" data-delivery-status data-application-id="${id}" data-delivery="${status.delivery}"${Object.entries(t.statuses).map(([name, value]) => html` data-text-${name}="${value}"`)}${Object.entries(t.states).map(([name, value]) => html` data-state-${name}="${value}"`)}>
<h2 id="status-heading">${t.status}</h2>
<p class="delivery-status delivery-status--${status.delivery}" role="status">${t.statuses[status.delivery]}${status.delivery === 'pending' && isPendingState(status.state) ? html` <span class="delivery-step">${t.states[status.state]}</span>` : ''}</p>
<p><a href="${statusHref}">${t.refresh}</a></p>
</section>
<p><a class="button" href="/antrag/eingangsbestaetigung/${id}.pdf" download>${t.receipt}</a></p>
<h2>${t.next}</h2>
<p>${t.nextText}</p>
<h2>${t.answers}</h2>
${(view.summary ?? []).map(
  (section) => html`<h3>${section.title}</h3>
<dl class="answers">${section.lines.map((line) => html`<dt>${line.label}</dt><dd>${line.value}</dd>`)}</dl>`,
)}
<h2>${t.attachments}</h2>
<table class="attachments"><thead><tr><th scope="col">${t.file}</th><th scope="col">${t.hash}</th></tr></thead>
<tbody>${(view.attachments ?? []).map(
          (file) => html`<tr><td>${file.filename}</td><td><code class="hash">${file.sha512}</code></td></tr>`,
        )}</tbody></table>`;
      },
    },
  ];
}
