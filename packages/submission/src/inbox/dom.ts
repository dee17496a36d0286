/** A child for `h`: nodes and text; false, null and undefined are left out. */
export type Child = Node | string | false | null | undefined;

type Attribute = string | boolean | undefined | ((event: Event) => void);

/** Creates an element; `on…` attributes become listeners, `true` an empty attribute. */
export function h(
  tag: string,
  attributes: Record<string, Attribute> = {},
  ...children: Child[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}
