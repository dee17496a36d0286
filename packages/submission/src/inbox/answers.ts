import { h } from '@efa-kit/core/elements';

/**
 * The application's data (Fachdaten) as a readable list: nested objects become nested
 * groups, arrays numbered items, values plain text (never HTML: the data come from outside).
 */
function label(key: string): string {
  // Field ids as the form assistant writes them ("dogBreed", "owner_name"): words, capitalised.
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-zäöü])([A-ZÄÖÜ])/g, '$1 $2')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function value(data: unknown, depth: number): Node {
  if (data === null || data === undefined) return document.createTextNode('—');
  if (typeof data !== 'object') return document.createTextNode(String(data));
  if (depth > 8) return document.createTextNode(JSON.stringify(data));
  if (Array.isArray(data)) return h('ol', {}, ...data.map((item) => h('li', {}, value(item, depth + 1))));
  const list = h('dl', {});
  for (const [key, item] of Object.entries(data as Record<string, unknown>))
    list.append(h('dt', {}, label(key)), h('dd', {}, value(item, depth + 1)));
  return list;
}

export function renderAnswers(data: unknown): Node {
  return value(data, 0);
}
