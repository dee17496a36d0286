// Server rendering of a form's first step with @lit-labs/ssr, for the measurement in
// bench-ssr.mjs (issue 16, ADR 0011). Not part of the package: a prototype.
//
// <efa-form> itself cannot be rendered by Lit SSR: its render() creates the field elements
// with document.createElement and places them with an element directive (fieldList), which is
// what keeps a 300-field step fast, and Lit SSR serializes templates, not DOM nodes (tried:
// `render(html`<efa-form .definition=${d}>`)` stops at "document is not defined" in
// renderField). The field elements render with Lit SSR, but their texts are property bindings
// (`.textContent=${label}`) and their input attributes an element directive
// (controlAttributes), both chosen so a step of hundreds of fields clones flat templates; Lit
// SSR writes neither, so every label, legend and hint comes out empty. So this module writes the step's frame (caption, progress, heading, groups,
// button) as <efa-form> does, and renders every field element with Lit SSR from the same pure
// fieldProps() the form uses, each with its declarative shadow root and its own styles. Every
// field is marked defer-hydration, so the browser keeps it as the server wrote it until the
// page script hands the step to the real <efa-form> (see bench-ssr-boot.js).
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { html as litHtml, nothing } from 'lit';
import { formStyles } from '../dist/elements/efa-form.styles.js';
import { fieldProps } from '../dist/elements/field-props.js';
import { fieldId } from '../dist/elements/form-data-paths.js';
import { uiDe } from '../dist/messages/ui-de.js';
import { fieldOptions, isGroup } from '../dist/schema/walk.js';
import { localized } from '../dist/validation/display.js';

// The field elements must be defined in Node for Lit SSR to render their shadow roots.
await import('../dist/index.js');

const escapeHtml = (text) => String(text ?? '').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const msg = (key, params = {}) => uiDe[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
const cssText = (styles) =>
  [styles]
    .flat(Infinity)
    .map((sheet) => sheet.cssText)
    .join('\n');

/** The field elements' properties as <efa-form> computes them for a first, empty render. */
function contextFor(definition) {
  const text = (value) => localized(value, 'de');
  return {
    definition,
    locale: 'de',
    text,
    required: false,
    locked: false,
    error: '',
    today: new Date().toISOString().slice(0, 10),
    options: (field) =>
      fieldOptions(definition, field).map((option) => ({ value: option.value, label: text(option.label) })),
    places: { endpoint: '', procedure: '', townLookup: undefined },
    uploads: { endpoint: '', draftHeader: undefined },
  };
}

/** A Lit template from literal strings (one binding between each two), as `html` gets them. */
function template(strings, values) {
  const literal = Object.assign([...strings], { raw: [...strings] });
  return litHtml(literal, ...values);
}

/** One field element as a Lit template, its properties bound as <efa-form> binds them. */
function fieldTemplate(field, path, context) {
  context.required = field.required === true;
  const { tag, props } = fieldProps(field, path, context);
  // lang is a property too: the elements' locale lookup (elementLocale) reads element.lang,
  // then element.closest(), which Lit SSR's DOM shim does not have.
  const names = Object.keys(props).filter((name) => props[name] !== undefined);
  const head = `<${tag} id="${fieldId(path)}" data-path="${escapeHtml(path)}" defer-hydration`;
  const strings = names.length
    ? [`${head} .${names[0]}=`, ...names.slice(1).map((name) => ` .${name}=`), `></${tag}>`]
    : [`${head}></${tag}>`];
  return template(
    strings,
    names.map((name) => props[name]),
  );
}

function itemsTemplate(items, base, context, stepTitle, fields) {
  return items.map((item) => {
    const path = base ? `${base}.${item.id}` : item.id;
    if (item.showWhen) return nothing;
    if (isGroup(item)) {
      if (item.repeat)
        throw new Error(`bench-ssr: a repeat on step 1 (${path}) is not rendered by this prototype`);
      const title = localized(item.title, 'de');
      // <efa-form> says a top-level group's title once when it is the step's heading.
      const heading = path === item.id && title.trim().toLowerCase() === stepTitle ? '' : title;
      return litHtml`<div class="group" id=${fieldId(path)}>${heading ? litHtml`<h3>${heading}</h3>` : nothing}${
        item.hint ? litHtml`<p class="hint">${localized(item.hint, 'de')}</p>` : nothing
      }${itemsTemplate(item.items, path, context, stepTitle, fields)}</div>`;
    }
    if (item.kind === 'static')
      return litHtml`<div class="static static--${item.tone ?? 'info'}">${localized(item.text, 'de')}</div>`;
    // A placeholder, replaced by the field's own render below (unsafeHTML would make Lit SSR
    // render the custom elements in it a second time: two declarative shadow roots).
    return `@@field:${path}@@`;
  });
}

/**
 * What a field's server HTML would hold if its template wrote its texts as children and its
 * input attributes as attribute parts (ADR 0011, what would change the decision): the label
 * (with "(optional)"), the hint, the date's part labels, and type, autocomplete, required and
 * aria-describedby on the input, written into what Lit SSR gave.
 */
function withTexts(markup, field, path, context) {
  context.required = field.required === true;
  const { props } = fieldProps(field, path, context);
  const label = escapeHtml(props.required ? props.label : `${props.label} ${uiDe['field.optional']}`);
  const type = { email: 'email', phone: 'tel' }[field.kind] ?? 'text';
  const attributes = [
    `type="${type}"`,
    props.autocomplete ? `autocomplete="${escapeHtml(props.autocomplete)}"` : '',
    props.required ? 'required' : '',
    props.hint ? 'aria-describedby="hint"' : '',
  ].join(' ');
  return markup
    .replace(/(<(label|legend) class="label"[^>]*>)(<\/\2)/, `$1${label}$3`)
    .replace(/(<div id="hint" class="hint"[^>]*>)(<\/div)/, `$1${escapeHtml(props.hint)}$2`)
    .replace(/(<label class="sublabel" for="day"[^>]*>)/, `$1${uiDe['date.day']}`)
    .replace(/(<label class="sublabel" for="month"[^>]*>)/, `$1${uiDe['date.month']}`)
    .replace(/(<label class="sublabel" for="year"[^>]*>)/, `$1${uiDe['date.year']}`)
    .replace(/<input id="control" part="control" class="control" spellcheck="false"/, `$& ${attributes}`);
}

/**
 * The first step of `definition` as <efa-form>'s shadow root would hold it, in a declarative
 * shadow root of `<div class="efa-prerender">`: HTML a browser paints before any script.
 */
export async function renderFirstStep(definition, { texts = false } = {}) {
  const step = definition.steps[0];
  const stepTitle = localized(step.title, 'de');
  const context = contextFor(definition);
  // Each field on its own, so its texts can be written in where Lit SSR left them empty.
  const fields = new Map();
  const collect = async (items, base) => {
    for (const item of items) {
      const path = base ? `${base}.${item.id}` : item.id;
      if (item.showWhen) continue;
      if (isGroup(item)) await collect(item.items, path);
      else if (item.kind !== 'static') {
        const markup = await collectResult(render(fieldTemplate(item, path, context)));
        fields.set(path, texts ? withTexts(markup, item, path, context) : markup);
      }
    }
  };
  await collect(step.groups, '');
  const total = definition.steps.filter((candidate) => !candidate.showWhen).length;
  const body = litHtml`<p class="caption">${localized(definition.title, 'de')}</p>
<p class="progress" part="progress">${msg('form.step', { current: 1, total })}</p>
<div class="bar" aria-hidden="true"><span></span></div>
${definition.description ? litHtml`<p class="intro">${localized(definition.description, 'de')}</p>` : nothing}
<h2 tabindex="-1">${stepTitle}</h2>
<form novalidate>${itemsTemplate(step.groups, '', context, stepTitle.trim().toLowerCase(), fields)}
<div class="actions" part="actions"><button class="button">${msg('form.next')}</button></div></form>`;
  const inner = (await collectResult(render(body))).replace(/@@field:([^@]+)@@/g, (_, path) =>
    fields.get(path),
  );
  // The bar's width comes from a style in the shadow root, as the form sets it through CSSOM.
  const width = Math.round((1 / total) * 100);
  return `<div class="efa-prerender"><template shadowrootmode="open"><style>${cssText(formStyles)}
.bar > span { inline-size: ${width}%; }</style>${inner}</template></div>`;
}

const nativeId = (path) => `n-${path.replaceAll('.', '-')}`;

/** A field as a server would write it without Lit: label, hint, native control, named by path. */
function nativeField(field, path) {
  const id = nativeId(path);
  const label = escapeHtml(localized(field.label, 'de'));
  const hint = field.hint
    ? `<div class="hint" id="${id}-h">${escapeHtml(localized(field.hint, 'de'))}</div>`
    : '';
  const described = field.hint ? ` aria-describedby="${id}-h"` : '';
  const required = field.required ? ' required' : '';
  const auto = field.autocomplete ? ` autocomplete="${escapeHtml(field.autocomplete)}"` : '';
  if (field.kind === 'date')
    return `<fieldset class="native"><legend>${label}</legend>${hint}${['Tag', 'Monat', 'Jahr']
      .map(
        (part, index) =>
          `<label for="${id}-${index}">${part}</label><input id="${id}-${index}" inputmode="numeric"${required}>`,
      )
      .join('')}</fieldset>`;
  const type = { email: 'email', phone: 'tel' }[field.kind] ?? 'text';
  return `<div class="native"><label for="${id}">${label}</label>${hint}<input id="${id}" name="${escapeHtml(path)}" type="${type}"${required}${auto}${described}></div>`;
}

function nativeItems(items, base, stepTitle) {
  return items
    .map((item) => {
      const path = base ? `${base}.${item.id}` : item.id;
      if (item.showWhen) return '';
      if (isGroup(item)) {
        const title = localized(item.title, 'de');
        const heading = path === item.id && title.trim().toLowerCase() === stepTitle ? '' : title;
        return `<div class="group">${heading ? `<h3>${escapeHtml(heading)}</h3>` : ''}${
          item.hint ? `<p class="hint">${escapeHtml(localized(item.hint, 'de'))}</p>` : ''
        }${nativeItems(item.items, path, stepTitle)}</div>`;
      }
      if (item.kind === 'static')
        return `<div class="static">${escapeHtml(localized(item.text, 'de'))}</div>`;
      if (!['text', 'email', 'phone', 'date'].includes(item.kind))
        throw new Error(`bench-ssr: the plain-HTML prototype has no markup for ${item.kind} (${path})`);
      return nativeField(item, path);
    })
    .join('');
}

/** The first step as plain HTML (option 3 of ADR 0011), framed and styled like <efa-form>. */
export function renderFirstStepPlain(definition) {
  const step = definition.steps[0];
  const stepTitle = localized(step.title, 'de');
  const total = definition.steps.filter((candidate) => !candidate.showWhen).length;
  const width = Math.round((1 / total) * 100);
  return `<div class="efa-prerender"><template shadowrootmode="open"><style>${cssText(formStyles)}
.bar > span { inline-size: ${width}%; }
.native { display: grid; gap: 0.25rem; margin-block-end: 1.5rem; max-inline-size: 30rem; }
.native input { font: inherit; padding: 0.5rem; border: 2px solid currentColor; }</style>
<p class="caption">${escapeHtml(localized(definition.title, 'de'))}</p>
<p class="progress">${escapeHtml(msg('form.step', { current: 1, total }))}</p>
<div class="bar" aria-hidden="true"><span></span></div>
${definition.description ? `<p class="intro">${escapeHtml(localized(definition.description, 'de'))}</p>` : ''}
<h2 tabindex="-1">${escapeHtml(stepTitle)}</h2>
<form novalidate>${nativeItems(step.groups, '', stepTitle.trim().toLowerCase())}
<div class="actions"><button class="button">${escapeHtml(msg('form.next'))}</button></div></form></template></div>`;
}
