import type { Locale } from '@efa-kit/core';
import type { PageContext, PortalPage, StartSection } from '../capability.js';
import { html } from '../html.js';

const text = {
  de: {
    title: 'Zuständige Stelle finden',
    nav: 'Zuständigkeit',
    intro:
      'Geben Sie ein, was Sie erledigen möchten, und wo Sie wohnen. Wir zeigen Ihnen die zuständige Stelle mit Anschrift, Kontakt und Öffnungszeiten und, wenn es ihn gibt, den Online-Antrag.',
    startHeading: 'Wer ist zuständig?',
    startIntro:
      'Finden Sie die zuständige Stelle für Ihr Anliegen, zum Beispiel die Hundesteuer in Ihrer Gemeinde.',
    data: 'Gebiete und Postleitzahlen: Destatis und OpenStreetMap (Quellen im Impressum). Die Behörden in Sachsen sind aus der Verwaltungsgliederung abgeleitete Demo-Datensätze.',
  },
  en: {
    title: 'Find the responsible office',
    nav: 'Responsibility',
    intro:
      'Enter what you need to do and where you live. We show you the responsible office with address, contact and opening hours and, where there is one, the online application.',
    startHeading: 'Who is responsible?',
    startIntro: 'Find the office responsible for your matter, for example the dog tax in your municipality.',
    data: 'Areas and postcodes: Destatis and OpenStreetMap (sources in the imprint). The authorities in Saxony are demo records derived from the administrative structure.',
  },
} satisfies Record<Locale, Record<string, string>>;

/** Only what the finder accepts: a key or id, and a postcode, AGS or ARS. */
function param(url: URL, name: string, pattern: RegExp): string {
  const value = url.searchParams.get(name)?.trim() ?? '';
  return pattern.test(value) ? value : '';
}

export const jurisdictionPage: PortalPage = {
  path: '/zustaendigkeit',
  title: { de: text.de.title, en: text.en.title },
  nav: { de: text.de.nav, en: text.en.nav },
  entry: 'jurisdiction',
  render({ locale, url }: PageContext) {
    const t = text[locale];
    const service = param(url, 'leistung', /^[\w:.-]{1,120}$/);
    const place = param(url, 'ort', /^(\d{5}|\d{8}|\d{12})$/);
    return html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<efa-jurisdiction-finder endpoint="/trpc" lang="${locale}" service="${service}" place="${place}"></efa-jurisdiction-finder>
<p class="hint">${t.data}</p>`;
  },
};

export const jurisdictionStartSection: StartSection = {
  order: 0,
  entry: 'jurisdiction',
  render({ locale }: PageContext) {
    const t = text[locale];
    return html`<h2>${t.startHeading}</h2>
<p>${t.startIntro}</p>
<efa-jurisdiction-finder endpoint="/trpc" lang="${locale}"></efa-jurisdiction-finder>`;
  },
};
