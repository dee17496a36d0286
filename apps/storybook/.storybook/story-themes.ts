import { themes } from '@efa-kit/theme';

/**
 * The toolbar's themes: no tokens at all (the kit's neutral fallbacks), a page with KERN's
 * tokens (kern-sample.css), and each state theme of @efa-kit/theme.
 */
export const storyThemes: readonly { id: string; className: string; title: string }[] = [
  { id: 'neutral', className: '', title: 'No tokens (neutral fallbacks)' },
  { id: 'kern', className: 'sb-kern-tokens', title: 'KERN tokens on the page' },
  ...themes
    .filter((theme) => theme.className)
    .map((theme) => ({ id: theme.id, className: theme.className, title: theme.label.en })),
];
