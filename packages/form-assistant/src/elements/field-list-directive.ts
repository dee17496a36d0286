import { nothing } from 'lit';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';

/**
 * The field elements of a group that holds only fields, placed after the group's own content
 * (heading, hint), which ends with a static comment. Lit would give every item of an array a
 * part and two marker comments; a step has hundreds of fields. Fields that stay are never
 * moved (a move would take the focus away): hidden ones are removed, shown ones inserted.
 */
class FieldListDirective extends Directive {
  private anchor: ChildNode | null = null;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('fieldList is an element directive');
  }

  render(_fields: readonly HTMLElement[]): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [fields]: [readonly HTMLElement[]]): typeof nothing {
    const container = part.element;
    // On the first update the children are the template's: its last one is the anchor.
    this.anchor ??= container.lastChild;
    const first = () => (this.anchor ? this.anchor.nextSibling : container.firstChild);
    const wanted = new Set<Node>(fields);
    for (let node = first(); node; ) {
      const following = node.nextSibling;
      if (!wanted.has(node)) node.remove();
      node = following;
    }
    let next = first();
    for (const field of fields) {
      if (field === next) next = next.nextSibling;
      else container.insertBefore(field, next);
    }
    return nothing;
  }
}
export const fieldList = directive(FieldListDirective);
