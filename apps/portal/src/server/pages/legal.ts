import type { PortalPage } from '../capability.js';
import { html } from '../html.js';

export const accessibilityPage: PortalPage = {
  path: '/barrierefreiheit',
  title: { de: 'Erklärung zur Barrierefreiheit', en: 'Accessibility statement' },
  render: ({ locale }) =>
    locale === 'de'
      ? html`<h1>Erklärung zur Barrierefreiheit</h1>
<p>Dieses Demonstrationsportal soll die Anforderungen der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und der WCAG 2.2 auf Stufe AA erfüllen. Jede Komponente wird automatisiert mit axe-core geprüft, per Tastatur getestet und bei 320 Pixel Breite dargestellt.</p>
<h2>Stand der Vereinbarkeit</h2>
<p>Platzhalter: Ein Portalbetreiber ergänzt hier das Ergebnis seiner eigenen Prüfung (vollständig, teilweise oder nicht vereinbar) und das Datum der Prüfung.</p>
<h2>Feedback und Kontakt</h2>
<p>Platzhalter: Kontaktangaben der für die Barrierefreiheit zuständigen Stelle des Betreibers.</p>
<h2>Durchsetzungsverfahren</h2>
<p>Platzhalter: Angaben zur Schlichtungs- oder Durchsetzungsstelle des jeweiligen Landes.</p>`
      : html`<h1>Accessibility statement</h1>
<p>This demonstration portal aims to meet the German accessibility regulation (BITV 2.0) and WCAG 2.2 level AA. Every component is checked automatically with axe-core, tested by keyboard and shown at a width of 320 pixels.</p>
<h2>Compliance status</h2>
<p>Placeholder: a portal operator adds the result of their own audit (fully, partially or not compliant) and its date here.</p>
<h2>Feedback and contact</h2>
<p>Placeholder: contact details of the operator's office responsible for accessibility.</p>
<h2>Enforcement procedure</h2>
<p>Placeholder: the state's conciliation or enforcement body.</p>`,
};

export const imprintPage: PortalPage = {
  path: '/impressum',
  title: { de: 'Impressum', en: 'Imprint' },
  render: ({ locale }) => html`<h1>${locale === 'de' ? 'Impressum' : 'Imprint'}</h1>
<p>${
    locale === 'de'
      ? 'Platzhalter: Angaben zum Betreiber nach § 5 DDG (Name, Anschrift, Vertretung, Kontakt).'
      : 'Placeholder: operator details as required by § 5 DDG (name, address, representative, contact).'
  }</p>
<h2>${locale === 'de' ? 'Datenquellen' : 'Data sources'}</h2>
<ul>
  <li>Quelle: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Gebietsstand 30.11.2025, Datenlizenz Deutschland – Namensnennung – Version 2.0 (<a href="https://www.govdata.de/dl-de/by-2-0">dl-de/by-2-0</a>); Daten umformatiert und ausgewählt (eigene Darstellung).</li>
  <li>PLZ-Zuordnung: © OpenStreetMap-Mitwirkende (<a href="https://www.openstreetmap.org/copyright">openstreetmap.org/copyright</a>), ODbL 1.0; aufbereitet von suche-postleitzahl.org; ARS ergänzt aus Destatis GV100AD (dl-de/by-2-0).</li>
</ul>
<h2>${locale === 'de' ? 'Software' : 'Software'}</h2>
<p>EfA Kit, ${locale === 'de' ? 'lizenziert unter' : 'licensed under'} EUPL-1.2.</p>`,
};
