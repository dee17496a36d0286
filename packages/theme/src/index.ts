export {
  buttonStyles,
  focusRing,
  formControlStyles,
  hostStyles,
  typography,
  visuallyHidden,
} from './styles.js';
export { type TokenName, token, tokenProperties } from './tokens.js';

/** Theme classes shipped in `@efa-kit/theme/themes/*.css`; put one on <html> or any ancestor. */
export const themes = [
  { id: 'neutral', className: '', label: { de: 'Neutral (KERN-Rückfall)', en: 'Neutral (KERN fallback)' } },
  { id: 'sachsen', className: 'efa-theme-sachsen', label: { de: 'Sachsen', en: 'Saxony' } },
  {
    id: 'schleswig-holstein',
    className: 'efa-theme-schleswig-holstein',
    label: { de: 'Schleswig-Holstein', en: 'Schleswig-Holstein' },
  },
] as const;
export type ThemeId = (typeof themes)[number]['id'];
