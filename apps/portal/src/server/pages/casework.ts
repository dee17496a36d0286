import type { Locale } from '@efa-kit/core';
import type { PageContext, PortalPage } from '../capability.js';
import { html, type SafeHtml } from '../html.js';
import { portalServiceDefinitions } from '../services.js';

const text = {
  de: {
    mailboxTitle: 'Mein Postfach',
    mailboxLogin: 'Ihr Postfach zeigt den Stand Ihrer Anträge und die Nachrichten der Behörden.',
    mailboxLoginLink: 'Mit Servicekonto anmelden',
    inboxTitle: 'Posteingang der Behörde',
    inboxLogin: 'Der Posteingang ist für Mitarbeiterinnen und Mitarbeiter der zuständigen Behörden.',
    inboxLoginLink: 'Als Mitarbeiterin oder Mitarbeiter anmelden',
    inboxRefused:
      'Dieser Posteingang ist den Mitarbeiterinnen und Mitarbeitern der Behörden vorbehalten. Ihr Konto hat keinen Zugang. Ihre eigenen Anträge finden Sie in Ihrem Postfach.',
    inboxOf: 'Angemeldet für',
    mailboxLink: 'Zu Ihrem Postfach',
  },
  en: {
    mailboxTitle: 'My mailbox',
    mailboxLogin: 'Your mailbox shows where your applications stand and the messages from authorities.',
    mailboxLoginLink: 'Sign in with your service account',
    inboxTitle: 'Authority inbox',
    inboxLogin: 'The inbox is for the staff of the responsible authorities.',
    inboxLoginLink: 'Sign in as a member of staff',
    inboxRefused:
      'This inbox is for the staff of the authorities. Your account has no access. You find your own applications in your mailbox.',
    inboxOf: 'Signed in for',
    mailboxLink: 'Go to your mailbox',
  },
} as const satisfies Record<Locale, unknown>;

function loginHref(returnTo: string): string {
  return `/auth/login?${new URLSearchParams({ level: 'low', returnTo }).toString()}`;
}

/**
 * The citizen's mailbox (`mailbox.*`): status track, messages, decisions. Only for the signed-in
 * person; the element asks the server, which answers for her applications only.
 */
export const mailboxPage: PortalPage = {
  path: '/postfach',
  title: { de: text.de.mailboxTitle, en: text.en.mailboxTitle },
  nav: { de: text.de.mailboxTitle, en: text.en.mailboxTitle },
  entry: 'mailbox',
  render({ locale, session }: PageContext): SafeHtml {
    const t = text[locale];
    if (!session) {
      return html`<h1>${t.mailboxTitle}</h1><p>${t.mailboxLogin}</p>
<p><a class="button" href="${loginHref('/postfach')}">${t.mailboxLoginLink}</a></p>`;
    }
    return html`<h1>${t.mailboxTitle}</h1>
<efa-mailbox endpoint="/trpc" attachment-base="/postfach/anlage" lang="${locale}"></efa-mailbox>`;
  },
};

/**
 * The authority's inbox (`inbox.*`): only for staff bound to an authority; the procedures refuse
 * everyone else too. The page names the forms whose definitions the browser checks the
 * decrypted data against (`data-forms`: Leistungsschlüssel → form id).
 */
export const inboxPage: PortalPage = {
  path: '/behoerde',
  title: { de: text.de.inboxTitle, en: text.en.inboxTitle },
  entry: 'inbox',
  render({ locale, session }: PageContext): SafeHtml {
    const t = text[locale];
    if (!session) {
      return html`<h1>${t.inboxTitle}</h1><p>${t.inboxLogin}</p>
<p><a class="button" href="${loginHref('/behoerde')}">${t.inboxLoginLink}</a></p>`;
    }
    if (!session.roles.includes('caseworker') || !session.authority) {
      return html`<h1>${t.inboxTitle}</h1><p role="alert">${t.inboxRefused}</p>
<p><a href="/postfach">${t.mailboxLink}</a></p>`;
    }
    const forms = JSON.stringify(
      Object.fromEntries(portalServiceDefinitions.map((s) => [s.leikaKey, s.formId])),
    );
    return html`<h1>${t.inboxTitle}</h1>
<p>${t.inboxOf} <strong>${session.authority.name}</strong></p>
<efa-inbox endpoint="/trpc" lang="${locale}" data-forms="${forms}"></efa-inbox>`;
  },
};
