import type { PageContext, PortalPage, StartSection } from '../capability.js';
import { html } from '../html.js';
import { localizedHref } from '../layout.js';
import { t } from '../messages.js';

/** The start page: an introduction, the capabilities' sections, and links to every page. */
export function startPage(sections: readonly StartSection[], pages: () => readonly PortalPage[]): PortalPage {
  const ordered = [...sections].sort((a, b) => a.order - b.order);
  return {
    path: '/',
    title: { de: 'Startseite', en: 'Start page' },
    render: (context: PageContext) => {
      const { locale } = context;
      const linked = pages().filter((page) => page.nav);
      return html`<h1>${t(locale, 'startTitle')}</h1>
<p class="lead">${t(locale, 'startIntro')}</p>
${ordered.map((section) => html`<section class="start-section">${section.render(context)}</section>`)}
${
  linked.length > 0
    ? html`<ul class="service-links">${linked.map(
        (page) => html`<li><a href="${localizedHref(page.path, locale)}">${page.title[locale]}</a></li>`,
      )}</ul>`
    : ''
}`;
    },
  };
}
