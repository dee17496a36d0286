import '@efa-kit/theme/themes/sachsen.css';
import '@efa-kit/theme/themes/schleswig-holstein.css';
import './preview.css';
import { themes } from '@efa-kit/theme';
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from './custom-elements.json' with { type: 'json' };

setCustomElementsManifest(manifest);

/** Puts the chosen theme's class on <html> (themes are class-scoped token sets). */
const withTheme: Decorator = (story, context) => {
  const root = document.documentElement;
  for (const theme of themes) if (theme.className) root.classList.remove(theme.className);
  const chosen = themes.find((theme) => theme.id === context.globals.theme);
  if (chosen?.className) root.classList.add(chosen.className);
  root.lang = context.globals.locale === 'en' ? 'en' : 'de';
  return story();
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'State theme',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: themes.map((theme) => ({ value: theme.id, title: theme.label.en })),
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
  initialGlobals: { theme: 'neutral', locale: 'de' },
  parameters: {
    // Any axe violation fails the story's test (not just a panel entry).
    a11y: { test: 'error', options: { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } },
    controls: { expanded: true },
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
