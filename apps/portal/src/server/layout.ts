import type { Locale } from '@efa-kit/core';
import type { EntryAssets } from './assets.js';
import type { PageContext, PortalPage } from './capability.js';
import { html, type SafeHtml } from './html.js';
import { t } from './messages.js';

export interface LayoutInput {
  context: PageContext;
  title: string;
  main: SafeHtml;
  nav: readonly PortalPage[];
  assets: EntryAssets[];
  currentPath: string;
  /** Development services running (identity provider, payment simulator): shown in a banner. */
  developmentServices: ReadonlyArray<Readonly<Record<Locale, string>>>;
}

const themeClass: Record<string, string> = {
  neutral: '',
  sachsen: 'efa-theme-sachsen',
  'schleswig-holstein': 'efa-theme-schleswig-holstein',
};

export function localizedHref(path: string, locale: Locale): string {
  return locale === 'de' ? path : `${path}${path.includes('?') ? '&' : '?'}lang=${locale}`;
}

/**
 * The language switch's target: this page with its query, and always an explicit `lang`, German
 * too. Without `?lang=de` the server falls back to the `efa_lang` cookie, which still says
 * English after a switch to English, so "Deutsch" kept the page English.
 */
export function languageSwitchHref(path: string, search: URLSearchParams, locale: Locale): string {
  const params = new URLSearchParams(search);
  params.set('lang', locale);
  return `${path}?${params.toString()}`;
}

/** The shared page frame: skip link, header with name and navigation, language switch, footer. */
export function renderLayout({
  context,
  title,
  main,
  nav,
  assets,
  currentPath,
  developmentServices,
}: LayoutInput): string {
  const { locale, config } = context;
  const other: Locale = locale === 'de' ? 'en' : 'de';
  const styles = assets.flatMap((a) => a.styles);
  const scripts = assets.flatMap((a) => a.scripts);
  const preloads = assets.flatMap((a) => a.preloads);
  const page = html`<!doctype html>
<html lang="${locale}" class="${themeClass[config.theme] ?? ''}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${config.name}</title>
${[...new Set(styles)].map((href) => html`<link rel="stylesheet" href="${href}">`)}
${[...new Set(preloads)].map((href) => html`<link rel="modulepreload" href="${href}">`)}
${[...new Set(scripts)].map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${t(locale, 'skipLink')}</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="site-name" href="${localizedHref('/', locale)}">${config.name}</a>
    <a class="language-switch" href="${languageSwitchHref(currentPath, context.url.searchParams, other)}" hreflang="${other}" lang="${other}" aria-label="${t(locale, 'otherLanguageLabel')}">${t(locale, 'otherLanguage')}</a>
  </div>
  <nav class="site-nav" aria-label="${t(locale, 'mainNav')}">
    <ul>
      ${nav.map((item) => {
        const current = item.path === currentPath;
        return html`<li><a href="${localizedHref(item.path, locale)}" ${current ? html`aria-current="page"` : ''}>${item.nav?.[locale] ?? item.title[locale]}</a></li>`;
      })}
    </ul>
  </nav>
</header>
${
  developmentServices.length > 0
    ? html`<div class="development-banner" role="note"><strong>${t(locale, 'developmentBannerTitle')}</strong> ${t(locale, 'developmentBannerText', { services: developmentServices.map((service) => service[locale]).join(', ') })}</div>`
    : ''
}
<p class="demo-notice">${t(locale, 'demoNotice')}</p>
<main id="main" tabindex="-1">
${main}
</main>
<footer class="site-footer">
  <nav aria-label="${t(locale, 'footerNav')}">
    <ul>
      <li><a href="${localizedHref('/barrierefreiheit', locale)}">${t(locale, 'accessibility')}</a></li>
      <li><a href="${localizedHref('/impressum', locale)}">${t(locale, 'imprint')}</a></li>
    </ul>
  </nav>
  <p>EfA Kit · EUPL-1.2</p>
</footer>
</body>
</html>`;
  return page.value;
}
