import type { Locale, MessageParams } from '../i18n.js';
import { interpolate } from './translate.js';

/**
 * A translator whose German catalogue is bundled and whose English one is fetched (a dynamic
 * `import()`, its own chunk in a page's bundler, inlined in the one-file CDN builds) the first
 * time an element needs it: German pages never download it.
 */
export interface LazyTranslate<K extends string> {
  (locale: Locale, key: K, params?: MessageParams): string;
  /**
   * Nothing when `locale`'s catalogue is here, so an element renders in the same task as
   * before; else a promise that settles once it is. A failed fetch settles it too (the text
   * stays German rather than the element staying blank) and is tried again on the next call.
   */
  ready(locale: Locale): Promise<void> | undefined;
}

/**
 * One per catalogue pair. An element awaits `ready` before it renders, in Lit's
 * `scheduleUpdate`, so English users never see German text flash first:
 *
 *     protected override scheduleUpdate() {
 *       const loading = t.ready(this.locale);
 *       return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
 *     }
 *
 * Where one module holds translators of several elements, mark each call `/* @__PURE__ *\/`:
 * esbuild does not carry the annotation below through the `core/elements` re-export, and an
 * element would otherwise carry the other elements' German texts.
 */
/* @__NO_SIDE_EFFECTS__ */
export function createLazyTranslator<K extends string>(
  de: Record<K, string>,
  loadEnglish: () => Promise<Record<K, string>>,
): LazyTranslate<K> {
  let en: Record<K, string> | undefined;
  let loading: Promise<void> | undefined;
  const translate = ((locale, key, params) =>
    interpolate(((locale === 'en' && en) || de)[key], params)) as LazyTranslate<K>;
  translate.ready = (locale) => {
    if (locale !== 'en' || en) return undefined;
    loading ??= loadEnglish().then(
      (catalogue) => {
        en = catalogue;
      },
      () => {
        loading = undefined;
      },
    );
    return loading;
  };
  return translate;
}
