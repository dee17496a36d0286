import type { Catalogues, Locale, MessageParams } from '../i18n.js';

/** Replaces `{name}` placeholders; unknown placeholders stay visible rather than vanish. */
export function interpolate(template: string, params?: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
}

export type Translate<K extends string> = (locale: Locale, key: K, params?: MessageParams) => string;

/**
 * One translator per catalogue pair; German and English have the same keys by type. Marked
 * free of side effects, so a module-level translator an element never calls is dropped with its
 * catalogues (two elements of one package can share a messages module).
 */
/* @__NO_SIDE_EFFECTS__ */
export function createTranslator<K extends string>(catalogues: Catalogues<K>): Translate<K> {
  return (locale, key, params) => interpolate(catalogues[locale][key], params);
}
