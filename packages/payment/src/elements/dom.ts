/** A child for `h`: nodes and text; false, null and undefined are left out. */
export type Child = Node | string | false | null | undefined | 0 | '';

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

/**
 * The theme tokens this element uses, as the same `var(--efa-…, var(--kern-…, fallback))`
 * chains `@efa-kit/theme` builds, declared once on the host as private properties. Spelled out
 * because the theme's token map and shared styles cost about 2 kB gzip of a 10 kB budget;
 * dom.test.ts keeps every chain identical to the theme's.
 */
export const tokenMap = {
  text: 'colorText',
  muted: 'colorTextMuted',
  bg: 'colorBackground',
  line: 'colorBorder',
  action: 'colorAction',
  'on-action': 'colorActionText',
  focus: 'colorFocus',
  danger: 'colorDanger',
  'danger-bg': 'colorDangerBackground',
  success: 'colorSuccess',
  'success-bg': 'colorSuccessBackground',
  info: 'colorInfo',
  'info-bg': 'colorInfoBackground',
  font: 'fontFamily',
  small: 'fontSizeSmall',
  body: 'fontSizeBody',
  large: 'fontSizeLarge',
  h: 'fontSizeHeading',
  lh: 'lineHeight',
  s: 'spaceS',
  m: 'spaceM',
  radius: 'radius',
  border: 'borderWidth',
  'focus-w': 'focusWidth',
  control: 'controlHeight',
} as const;

export const tokenDeclarations = `
--_text:var(--efa-color-text, var(--kern-color-layout-text-default, #1b1b1f));
--_muted:var(--efa-color-text-muted, var(--kern-color-layout-text-muted, #4a4a55));
--_bg:var(--efa-color-background, var(--kern-color-layout-background-default, #ffffff));
--_line:var(--efa-color-border, var(--kern-color-layout-border, #6b6b76));
--_action:var(--efa-color-action, var(--kern-color-action-default, #1f3d7a));
--_on-action:var(--efa-color-action-text, var(--kern-color-action-on-default, #ffffff));
--_focus:var(--efa-color-focus, var(--kern-color-action-focus-default, #0b0b0b));
--_danger:var(--efa-color-danger, var(--kern-color-feedback-danger, #b00020));
--_danger-bg:var(--efa-color-danger-background, var(--kern-color-feedback-danger-background, #fdecee));
--_success:var(--efa-color-success, var(--kern-color-feedback-success, #1e6b34));
--_success-bg:var(--efa-color-success-background, var(--kern-color-feedback-success-background, #e9f5ec));
--_info:var(--efa-color-info, var(--kern-color-feedback-info, #1f3d7a));
--_info-bg:var(--efa-color-info-background, var(--kern-color-feedback-info-background, #e8eef9));
--_font:var(--efa-font-family, var(--kern-font-family-default, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif));
--_small:var(--efa-font-size-small, var(--kern-font-size-14, 0.875rem));
--_body:var(--efa-font-size-body, var(--kern-font-size-16, 1rem));
--_large:var(--efa-font-size-large, var(--kern-font-size-20, 1.25rem));
--_h:var(--efa-font-size-heading, var(--kern-font-size-24, 1.5rem));
--_lh:var(--efa-line-height, var(--kern-line-height-default, 1.5));
--_s:var(--efa-space-s, var(--kern-metric-space-small, 0.5rem));
--_m:var(--efa-space-m, var(--kern-metric-space-default, 1rem));
--_radius:var(--efa-radius, var(--kern-metric-border-radius-default, 0.25rem));
--_border:var(--efa-border-width, var(--kern-metric-border-width-default, 2px));
--_focus-w:var(--efa-focus-width, var(--kern-metric-border-width-bold, 3px));
--_control:var(--efa-control-height, var(--kern-metric-control-height, 2.75rem));
`;
