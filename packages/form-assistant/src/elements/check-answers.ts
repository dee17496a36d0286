import type { Locale } from '@efa-kit/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { RepeatScope } from '../conditions/expression.js';
import type { UiMessageKey } from '../messages/ui.js';
import type { FormDefinition, Group, Item, LocalizedText, Step } from '../schema/definition.js';
import type { FormData as ApplicationData } from '../schema/values.js';
import { isGroup } from '../schema/walk.js';
import { displayAnswer, fieldId, getPath } from './form-data-paths.js';

/** What the check-your-answers page needs of its form. */
export interface CheckAnswersContext {
  definition: FormDefinition;
  data: ApplicationData;
  locale: Locale;
  text(value: LocalizedText | undefined): string;
  msg(key: UiMessageKey, params?: Record<string, string | number>): string;
  isShown(item: Item, scope: RepeatScope): boolean;
  repeatLabel(group: Group, n: number): string;
  itemScope(scope: RepeatScope, path: string, index: number): RepeatScope;
  /** Opens the step of a field and focuses it ("Ändern"). */
  change(stepId: string, path: string): void;
}

interface Block {
  heading?: string;
  rows: TemplateResult[];
}

/**
 * The answers of a step as blocks of rows; each repeated item starts a block under its own
 * heading (a heading may not sit inside a description list).
 */
function collectAnswers(
  context: CheckAnswersContext,
  items: readonly Item[],
  base: string,
  scope: RepeatScope,
  stepId: string,
  blocks: Block[],
): void {
  for (const item of items) {
    const path = base ? `${base}.${item.id}` : item.id;
    if (!context.isShown(item, scope) || item.kind === 'static') continue;
    if (isGroup(item)) {
      if (!item.repeat) {
        collectAnswers(context, item.items, path, scope, stepId, blocks);
        continue;
      }
      const stored = (getPath(context.data, path) as unknown[] | undefined) ?? [];
      stored.forEach((_, index) => {
        blocks.push({ heading: context.repeatLabel(item, index + 1), rows: [] });
        collectAnswers(
          context,
          item.items,
          `${path}.${index}`,
          context.itemScope(scope, path, index),
          stepId,
          blocks,
        );
      });
      blocks.push({ rows: [] });
      continue;
    }
    const label = context.text(item.label);
    const answer = displayAnswer(context.definition, item, getPath(context.data, path), context.locale);
    const block = blocks[blocks.length - 1] ?? { rows: [] };
    if (blocks.length === 0) blocks.push(block);
    // No white space inside the cells: the value keeps the answer's own line breaks
    // (pre-line), and a line break before the link put "Ändern" below the value.
    block.rows.push(
      html`<div class="row"><dt>${label}</dt><dd class="answer">${answer || context.msg('form.notAnswered')}</dd><dd class="change"><a
            href="#${fieldId(path)}"
            @click=${(event: Event) => {
              event.preventDefault();
              context.change(stepId, path);
            }}
            >${context.msg('form.change')}<span class="visually-hidden"> ${label}</span></a
          ></dd></div>`,
    );
  }
}

function renderAnswers(context: CheckAnswersContext, step: Step): unknown[] {
  const blocks: Block[] = [{ rows: [] }];
  collectAnswers(context, step.groups, '', new Map(), step.id, blocks);
  return blocks
    .filter((block) => block.heading || block.rows.length > 0)
    .map(
      (block) =>
        html`${block.heading ? html`<h4>${block.heading}</h4>` : nothing}${block.rows.length ? html`<dl>${block.rows}</dl>` : nothing}`,
    );
}

/** Every visible step under its title, each answer with a change link. */
export function renderCheckAnswers(context: CheckAnswersContext, steps: readonly Step[]): TemplateResult[] {
  return steps.map(
    (step) => html`<h3>${context.text(step.title)}</h3>
      ${renderAnswers(context, step)}`,
  );
}
