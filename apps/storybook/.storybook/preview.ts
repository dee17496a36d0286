import '@efa-kit/theme/themes/sachsen.css';
import '@efa-kit/theme/themes/schleswig-holstein.css';
import './kern-sample.css';
import './preview.css';
import { themes } from '@efa-kit/theme';
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import manifest from './custom-elements.json' with { type: 'json' };
import { storyThemes } from './story-themes.js';

// Autodocs' ArgTypes (attributes, properties, events, slots, parts, custom properties) come from
// the packages' custom-elements.json, merged by scripts/merge-manifests.mjs.
setCustomElementsManifest(manifest);

/**
 * Puts the chosen theme's class on <html> (themes are class-scoped token sets) and the chosen
 * language on <html lang>. Stories whose `lang` argument is the German default get the
 * toolbar's language too (the "…English" stories stay English), and the story is rendered anew
 * when the language changes, since elements read their language when they render.
 */
const withThemeAndLanguage: Decorator = (story, context) => {
  const root = document.documentElement;
  const chosen = storyThemes.find((theme) => theme.id === context.globals.theme) ?? storyThemes[0];
  for (const theme of storyThemes) if (theme.className) root.classList.remove(theme.className);
  if (chosen?.className) root.classList.add(chosen.className);
  const locale = context.globals.locale === 'en' ? 'en' : 'de';
  root.lang = locale;
  const args = context.args as Record<string, unknown>;
  const followsToolbar = 'lang' in args && (args.lang === 'de' || args.lang === '');
  const rendered = followsToolbar ? story({ args: { ...args, lang: locale } }) : story();
  return html`${keyed(locale, rendered)}`;
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withThemeAndLanguage],
  globalTypes: {
    theme: {
      description: 'State theme',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: storyThemes.map((theme) => ({ value: theme.id, title: theme.title })),
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Language',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'de', title: 'Deutsch' },
          { value: 'en', title: 'English' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: themes[0].id, locale: 'de' },
  parameters: {
    // Any axe violation fails the story's test (not just a panel entry).
    a11y: { test: 'error', options: { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } },
    controls: { expanded: true },
    options: { storySort: { order: ['Guides', 'Foundations', 'Themes', '*'] } },
    viewport: {
      options: {
        mobile320: {
          name: '320 px (WCAG reflow)',
          styles: { width: '320px', height: '640px' },
          type: 'mobile',
        },
      },
    },
  },
};

export default preview;
