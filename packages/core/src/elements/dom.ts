/** A child for `h`: nodes and text; false, null, undefined, 0 and '' are left out. */
export type Child = Node | string | false | null | undefined | 0 | '';

type Attribute = string | boolean | undefined | ((event: Event) => void);

/**
 * Creates an element; `on…` attributes become listeners, `true` an empty attribute. For the
 * elements built on ReactiveElement without lit-html, whose bundles have no room for a template
 * engine.
 */
export function h(
  tag: string,
  attributes: Record<string, Attribute> = {},
  ...children: Child[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const name in attributes) {
    const value = attributes[name];
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value !== false && value !== undefined) element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}
