import { css } from 'lit';
import { token } from './tokens.js';

/** Box model, font and colour every element's host starts from. */
export const hostStyles = css`
  :host {
    box-sizing: border-box;
    font-family: ${token.fontFamily};
    font-size: ${token.fontSizeBody};
    line-height: ${token.lineHeight};
    color: ${token.colorText};
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
`;

/**
 * A focus indicator that meets WCAG 2.2 2.4.13 (Focus Appearance): a 3px outline with an
 * offset, in the focus colour, on keyboard focus only.
 */
export const focusRing = css`
  :focus-visible {
    outline: ${token.focusWidth} solid ${token.colorFocus};
    outline-offset: 2px;
  }
`;

/** Hidden on screen, read by screen readers. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    padding: 0 !important;
    margin: -1px !important;
    overflow: hidden !important;
    clip: rect(0, 0, 0, 0) !important;
    white-space: nowrap !important;
    border: 0 !important;
  }
`;

export const typography = css`
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 ${token.spaceM};
  }
  h2 {
    font-size: ${token.fontSizeHeading};
  }
  h3 {
    font-size: ${token.fontSizeLarge};
  }
  p {
    margin: 0 0 ${token.spaceM};
  }
  a {
    color: ${token.colorAction};
    text-underline-offset: 0.15em;
  }
  a:visited {
    color: ${token.colorActionVisited};
  }
`;

/**
 * Primary and secondary buttons; 44px minimum target (WCAG 2.5.8 asks for 24). A link styled as
 * a button keeps its button colours once visited: typography's a:visited (0,1,1) would otherwise
 * win over .button (0,1,0) and paint purple text on the action background (issue 12); the
 * :visited rules here (0,2,0) win whatever the order of the styles. (A JS comment: a CSS one
 * would ship in every element's bundle.)
 */
export const buttonStyles = css`
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: ${token.spaceS};
    min-height: ${token.controlHeight};
    min-width: 44px;
    padding: ${token.spaceS} ${token.spaceM};
    border: ${token.borderWidth} solid ${token.colorAction};
    border-radius: ${token.radius};
    background: ${token.colorAction};
    color: ${token.colorActionText};
    font: inherit;
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }
  .button--secondary {
    background: ${token.colorBackground};
    color: ${token.colorAction};
  }
  .button:visited {
    color: ${token.colorActionText};
  }
  .button--secondary:visited {
    color: ${token.colorAction};
  }
  .button:disabled,
  .button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
`;

/** Text inputs and selects with label, hint and error message. */
export const formControlStyles = css`
  .label {
    display: block;
    font-weight: 600;
    margin-block-end: ${token.spaceXs};
  }
  .hint {
    display: block;
    color: ${token.colorTextMuted};
    margin-block-end: ${token.spaceXs};
  }
  .error {
    display: block;
    color: ${token.colorDanger};
    font-weight: 600;
    margin-block-end: ${token.spaceXs};
  }
  .control {
    display: block;
    width: 100%;
    max-width: 100%;
    min-height: ${token.controlHeight};
    padding: ${token.spaceS};
    border: ${token.borderWidth} solid ${token.colorInputBorder};
    border-radius: ${token.radius};
    background: ${token.colorInputBackground};
    color: ${token.colorText};
    font: inherit;
  }
  .control[aria-invalid='true'] {
    border-color: ${token.colorDanger};
    border-width: calc(${token.borderWidth} + 1px);
  }
`;
