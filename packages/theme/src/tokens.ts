import { type CSSResult, unsafeCSS } from 'lit';

/**
 * The kit's design tokens. Each is read as
 *   var(--efa-NAME, var(--kern-NAME, neutral value))
 * so a page that loads KERN UX gets KERN's look, a state theme sets --efa-* under a class, and
 * a page with neither still gets accessible neutral values. Fallbacks never name one state's
 * palette. Elements read tokens only through this object.
 */
const definitions = {
  colorText: ['color-text', 'color-layout-text-default', '#1b1b1f'],
  colorTextMuted: ['color-text-muted', 'color-layout-text-muted', '#4a4a55'],
  colorTextInverse: ['color-text-inverse', 'color-layout-text-inverse', '#ffffff'],
  colorBackground: ['color-background', 'color-layout-background-default', '#ffffff'],
  colorSurface: ['color-surface', 'color-layout-background-level-1', '#f3f4f6'],
  colorBorder: ['color-border', 'color-layout-border', '#6b6b76'],
  colorAction: ['color-action', 'color-action-default', '#1f3d7a'],
  colorActionText: ['color-action-text', 'color-action-on-default', '#ffffff'],
  colorActionVisited: ['color-action-visited', 'color-action-visited', '#5b2a86'],
  colorFocus: ['color-focus', 'color-action-focus-default', '#0b0b0b'],
  colorInputBackground: ['color-input-background', 'color-form-input-background', '#ffffff'],
  colorInputBorder: ['color-input-border', 'color-form-input-border', '#4a4a55'],
  colorDanger: ['color-danger', 'color-feedback-danger', '#b00020'],
  colorDangerBackground: ['color-danger-background', 'color-feedback-danger-background', '#fdecee'],
  colorSuccess: ['color-success', 'color-feedback-success', '#1e6b34'],
  colorSuccessBackground: ['color-success-background', 'color-feedback-success-background', '#e9f5ec'],
  colorWarning: ['color-warning', 'color-feedback-warning', '#7a4b00'],
  colorWarningBackground: ['color-warning-background', 'color-feedback-warning-background', '#fff4e0'],
  colorInfo: ['color-info', 'color-feedback-info', '#1f3d7a'],
  colorInfoBackground: ['color-info-background', 'color-feedback-info-background', '#e8eef9'],
  fontFamily: [
    'font-family',
    'font-family-default',
    'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  ],
  fontSizeSmall: ['font-size-small', 'font-size-14', '0.875rem'],
  fontSizeBody: ['font-size-body', 'font-size-16', '1rem'],
  fontSizeLarge: ['font-size-large', 'font-size-20', '1.25rem'],
  fontSizeHeading: ['font-size-heading', 'font-size-24', '1.5rem'],
  lineHeight: ['line-height', 'line-height-default', '1.5'],
  spaceXs: ['space-xs', 'metric-space-2x-small', '0.25rem'],
  spaceS: ['space-s', 'metric-space-small', '0.5rem'],
  spaceM: ['space-m', 'metric-space-default', '1rem'],
  spaceL: ['space-l', 'metric-space-large', '1.5rem'],
  spaceXl: ['space-xl', 'metric-space-2x-large', '2rem'],
  radius: ['radius', 'metric-border-radius-default', '0.25rem'],
  borderWidth: ['border-width', 'metric-border-width-default', '2px'],
  focusWidth: ['focus-width', 'metric-border-width-bold', '3px'],
  controlHeight: ['control-height', 'metric-control-height', '2.75rem'],
} as const satisfies Record<string, readonly [string, string, string]>;

export type TokenName = keyof typeof definitions;

/** The custom property names, e.g. for documentation or a theme editor. */
export const tokenProperties: Record<TokenName, { efa: string; kern: string; fallback: string }> =
  Object.fromEntries(
    Object.entries(definitions).map(([name, [efa, kern, fallback]]) => [
      name,
      { efa: `--efa-${efa}`, kern: `--kern-${kern}`, fallback },
    ]),
  ) as Record<TokenName, { efa: string; kern: string; fallback: string }>;

/** `token.colorAction` is a CSSResult usable inside Lit's `css` tag. */
export const token: Record<TokenName, CSSResult> = Object.fromEntries(
  Object.entries(tokenProperties).map(([name, { efa, kern, fallback }]) => [
    name,
    unsafeCSS(`var(${efa}, var(${kern}, ${fallback}))`),
  ]),
) as Record<TokenName, CSSResult>;
