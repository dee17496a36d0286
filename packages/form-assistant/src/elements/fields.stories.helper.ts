/**
 * Story factory shared by the field elements: every field gets the same states (empty,
 * filled, error, disabled, read-only, 320 px), so every state is rendered and checked by axe
 * in the Storybook test run.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { FormField } from './form-associated-element.js';

export interface FieldArgs {
  label: string;
  hint: string;
  required: boolean;
  disabled: boolean;
  readonly: boolean;
  lang: string;
}

export type FieldStory = StoryObj<FieldArgs>;

export interface FieldStorySet {
  meta: Meta<FieldArgs>;
  Empty: FieldStory;
  Filled: FieldStory;
  WithError: FieldStory;
  Disabled: FieldStory;
  ReadOnly: FieldStory;
  English: FieldStory;
  Mobile: FieldStory;
}

/** Wraps a story in a 320 px column: the WCAG 1.4.10 reflow width. */
const narrow = (story: () => unknown): TemplateResult =>
  html`<div style=${styleMap({ maxWidth: '320px', border: '1px dashed #6b6b76' })}>${story()}</div>`;

export function fieldStories(options: {
  tag: string;
  title: string;
  label: string;
  hint?: string;
  /** Extra attributes as HTML (options JSON, limits). */
  attributes?: string;
  /** A typical answer, as the field's model value. */
  filled: unknown;
  description: string;
}): FieldStorySet {
  const tag = unsafeStatic(options.tag);
  const extra = unsafeStatic(options.attributes ?? '');
  const render = (args: FieldArgs, value?: unknown) => {
    const template = staticHtml`<${tag}
      name="answer"
      label=${args.label}
      hint=${args.hint}
      lang=${args.lang}
      ?required=${args.required}
      ?disabled=${args.disabled}
      ?readonly=${args.readonly}
      ${extra}
      .modelValue=${value ?? null}
    ></${tag}>`;
    return template;
  };
  const meta: Meta<FieldArgs> = {
    title: `Form assistant/${options.title}`,
    component: options.tag,
    tags: ['autodocs'],
    args: {
      label: options.label,
      hint: options.hint ?? '',
      required: true,
      disabled: false,
      readonly: false,
      lang: 'de',
    },
    parameters: { docs: { description: { component: options.description } } },
    render: (args) => render(args),
  };
  const field = (canvas: HTMLElement) =>
    canvas.querySelector(options.tag) as (FormField & { updateComplete: Promise<boolean> }) | null;
  return {
    meta,
    Empty: {},
    Filled: { render: (args) => render(args, options.filled) },
    WithError: {
      play: async ({ canvasElement }) => {
        const element = field(canvasElement);
        await element?.updateComplete;
        element?.reportValidity();
        await element?.updateComplete;
      },
    },
    Disabled: { args: { disabled: true }, render: (args) => render(args, options.filled) },
    ReadOnly: { args: { readonly: true }, render: (args) => render(args, options.filled) },
    English: { args: { lang: 'en', label: options.label }, render: (args) => render(args, options.filled) },
    Mobile: {
      decorators: [narrow],
      globals: { viewport: { value: 'mobile320', isRotated: false } },
      render: (args) => render(args, options.filled),
    },
  };
}
