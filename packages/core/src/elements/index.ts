/**
 * What every EfA Kit element needs in the browser, once: its language, translation with
 * `{name}` interpolation, euro amounts and a small DOM builder. Each export is tree-shaken
 * separately, so an element pays only for what it uses; nothing here reaches zod, tRPC or the
 * server. The theme's tokens come from `@efa-kit/theme` (Lit elements: its `token` map; the
 * ReactiveElement ones: a `tokens.generated.ts` the theme writes from their CSS).
 */
export { type Catalogues, formatDate, type Locale, type MessageParams } from '../i18n.js';
export { formatMoney } from '../money.js';
// The place contract the form's address field asks (postcode → town), without core's zod.
export {
  agsOfArs,
  type PlaceSearchHit,
  type PlaceSearchInput,
  placeSearchProcedure,
} from '../place-search.js';
export { type Child, h } from './dom.js';
export { createLazyTranslator, type LazyTranslate } from './lazy-translate.js';
export { elementLocale } from './locale.js';
export { createTranslator, interpolate, type Translate } from './translate.js';
