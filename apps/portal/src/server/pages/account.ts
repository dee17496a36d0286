import type { Locale } from '@efa-kit/core';
import type { AccountService, StoredSession } from '@efa-kit/service-account/server';
import type { PageContext, PortalPage } from '../capability.js';
import { html, type SafeHtml } from '../html.js';

const text = {
  de: {
    title: 'Mein Konto',
    nav: 'Mein Konto',
    intro: 'Melden Sie sich mit Ihrem Servicekonto an, um Anträge mit Ihren Daten auszufüllen.',
    data: 'Ihre Daten aus dem Servicekonto',
    attribute: 'Angabe',
    value: 'Wert',
    source: 'Quelle',
    level: 'Vertrauensniveau',
    method: 'Angemeldet mit',
    none: 'Das Servicekonto hat keine Daten übermittelt.',
    idTitle: 'Ausweisdaten prüfen',
    idIntro:
      'Dieser Dienst zeigt Daten, die aus einem Ausweisdokument gelesen wurden. Er braucht das Vertrauensniveau „hoch“, zum Beispiel eine Anmeldung mit dem Online-Ausweis.',
    idLink: 'Ausweisdaten prüfen (Vertrauensniveau hoch)',
    idVerified: 'Diese Daten wurden mit dem Vertrauensniveau „hoch“ bestätigt.',
    levels: { low: 'niedrig', substantial: 'substanziell', high: 'hoch' },
    sources: {
      'eid-card': 'Online-Ausweis',
      'eu-eid': 'EU-Identität',
      elster: 'ELSTER',
      'self-declared': 'eigene Angabe',
      provider: 'Servicekonto',
    },
    methods: {
      'eid-card': 'Online-Ausweis',
      'eu-eid': 'EU-Identität (eIDAS)',
      'elster-certificate': 'ELSTER-Zertifikat',
      'username-password': 'Benutzername und Passwort',
    },
    fields: {
      givenNames: 'Vornamen',
      familyName: 'Familienname',
      birthName: 'Geburtsname',
      academicTitle: 'Doktorgrad',
      birthDate: 'Geburtsdatum',
      birthPlace: 'Geburtsort',
      nationality: 'Staatsangehörigkeit',
      gender: 'Geschlecht',
      email: 'E-Mail-Adresse',
      phone: 'Telefon',
      address: 'Anschrift',
      mailboxHandle: 'Postfach',
      name: 'Name des Unternehmens',
      legalForm: 'Rechtsform',
      registerType: 'Registerart',
      registerNumber: 'Registernummer',
      registerCourt: 'Registergericht',
      taxNumber: 'Steuernummer',
    },
  },
  en: {
    title: 'My account',
    nav: 'My account',
    intro: 'Log in with your service account to fill in applications with your data.',
    data: 'Your data from the service account',
    attribute: 'Item',
    value: 'Value',
    source: 'Source',
    level: 'Trust level',
    method: 'Logged in with',
    none: 'The service account sent no data.',
    idTitle: 'Check ID document data',
    idIntro:
      'This service shows data read from an identity document. It needs trust level "high", for example a login with the online ID card.',
    idLink: 'Check ID document data (trust level high)',
    idVerified: 'These data were confirmed at trust level "high".',
    levels: { low: 'low', substantial: 'substantial', high: 'high' },
    sources: {
      'eid-card': 'online ID card',
      'eu-eid': 'EU identity',
      elster: 'ELSTER',
      'self-declared': 'own entry',
      provider: 'service account',
    },
    methods: {
      'eid-card': 'online ID card',
      'eu-eid': 'EU identity (eIDAS)',
      'elster-certificate': 'ELSTER certificate',
      'username-password': 'username and password',
    },
    fields: {
      givenNames: 'Given names',
      familyName: 'Family name',
      birthName: 'Birth name',
      academicTitle: 'Doctorate',
      birthDate: 'Date of birth',
      birthPlace: 'Place of birth',
      nationality: 'Nationality',
      gender: 'Gender',
      email: 'Email address',
      phone: 'Phone',
      address: 'Address',
      mailboxHandle: 'Mailbox',
      name: 'Company name',
      legalForm: 'Legal form',
      registerType: 'Register type',
      registerNumber: 'Register number',
      registerCourt: 'Register court',
      taxNumber: 'Tax number',
    },
  },
};

type Fields = (typeof text)['de']['fields'];

function show(value: unknown, locale: Locale): string {
  if (value && typeof value === 'object' && 'kind' in value) {
    const a = value as {
      kind: string;
      street?: string;
      houseNumber?: string;
      postcode?: string;
      town?: string;
      lines?: string[];
      country?: string;
    };
    return a.kind === 'de'
      ? `${a.street} ${a.houseNumber}, ${a.postcode} ${a.town}`
      : [...(a.lines ?? []), a.country].join(', ');
  }
  const s = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const [y, m, d] = s.split('-');
    return locale === 'de' ? `${d}.${m}.${y}` : s;
  }
  return s;
}

function attributeTable(session: StoredSession, locale: Locale): SafeHtml {
  const t = text[locale];
  const identity = session.identity;
  const values: Record<string, unknown> =
    identity.kind === 'person' ? identity.person : { ...identity.organisation };
  const provenance = identity.provenance as Record<
    string,
    { source: keyof typeof t.sources; level: keyof typeof t.levels } | undefined
  >;
  const rows = Object.entries(values).filter(([, v]) => v !== undefined);
  if (rows.length === 0) return html`<p>${t.none}</p>`;
  return html`<table class="account-data">
<caption>${t.data}</caption>
<thead><tr><th scope="col">${t.attribute}</th><th scope="col">${t.value}</th><th scope="col">${t.source}</th><th scope="col">${t.level}</th></tr></thead>
<tbody>
${rows.map(([key, value]) => {
  const p = provenance[key];
  return html`<tr><th scope="row">${t.fields[key as keyof Fields] ?? key}</th><td>${show(value, locale)}</td><td>${p ? t.sources[p.source] : ''}</td><td>${p ? t.levels[p.level] : ''}</td></tr>`;
})}
</tbody>
</table>`;
}

function href(path: string, locale: Locale): string {
  return locale === 'de' ? path : `${path}?lang=${locale}`;
}

/** "Mein Konto" and a service that needs trust level "hoch" (the step-up example). */
export function accountPages(service: AccountService): PortalPage[] {
  async function current(context: PageContext): Promise<StoredSession | null> {
    return context.session ? service.sessions.findById(context.session.id) : null;
  }

  const account: PortalPage = {
    path: '/mein-konto',
    title: { de: text.de.title, en: text.en.title },
    nav: { de: text.de.nav, en: text.en.nav },
    entry: 'account',
    async render(context) {
      const { locale } = context;
      const t = text[locale];
      const session = await current(context);
      return html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<efa-login lang="${locale}" endpoint="/trpc" return-to="${href('/mein-konto', locale)}"></efa-login>
${
  session
    ? html`<p class="account-method">${t.method}: ${t.methods[session.identity.method]} · ${t.level}: <strong>${t.levels[session.trustLevel]}</strong></p>
${attributeTable(session, locale)}
<h2>${t.idTitle}</h2>
<p><a href="${href('/mein-konto/ausweisdaten', locale)}">${t.idLink}</a></p>
<h2>${locale === 'de' ? 'Meine Entwürfe' : 'My drafts'}</h2>
<p><a href="${href('/mein-konto/entwuerfe', locale)}">${locale === 'de' ? 'Begonnene, noch nicht abgesendete Anträge' : 'Applications started and not yet submitted'}</a></p>
<efa-session-timeout lang="${locale}" endpoint="/trpc" expires-at="${session.idleExpiresAt.toISOString()}"></efa-session-timeout>`
    : ''
}`;
    },
  };

  const idData: PortalPage = {
    path: '/mein-konto/ausweisdaten',
    title: { de: text.de.idTitle, en: text.en.idTitle },
    entry: 'account',
    async render(context) {
      const { locale } = context;
      const t = text[locale];
      const session = await current(context);
      const sufficient = session?.trustLevel === 'high';
      return html`<h1>${t.idTitle}</h1>
<p>${t.idIntro}</p>
<efa-login lang="${locale}" endpoint="/trpc" required-level="high" return-to="${href('/mein-konto/ausweisdaten', locale)}"></efa-login>
${
  session && sufficient
    ? html`<p class="account-verified">${t.idVerified}</p>${attributeTable(session, locale)}
<efa-session-timeout lang="${locale}" endpoint="/trpc" expires-at="${session.idleExpiresAt.toISOString()}"></efa-session-timeout>`
    : ''
}`;
    },
  };

  return [account, idData];
}
