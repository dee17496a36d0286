import { buttonStyles, focusRing, hostStyles, token, typography, visuallyHidden } from '@efa-kit/theme';
import { css } from 'lit';

/** The styles of `<efa-form>` (the error summary brings its own, see efa-error-summary.ts). */
export const formStyles = [
  hostStyles,
  focusRing,
  visuallyHidden,
  typography,
  buttonStyles,
  css`
      :host {
        display: block;
        max-width: 40rem;
        container: efa-form / inline-size;
      }
      .caption {
        color: ${token.colorTextMuted};
        margin: 0 0 ${token.spaceXs};
      }
      .progress {
        margin: 0 0 ${token.spaceS};
        font-weight: 600;
      }
      .bar {
        height: 0.5rem;
        background: ${token.colorSurface};
        border: 1px solid ${token.colorBorder};
        margin-block-end: ${token.spaceL};
      }
      .bar span {
        display: block;
        height: 100%;
        background: ${token.colorAction};
      }
      h2:focus,
      .panel:focus {
        outline: ${token.focusWidth} solid ${token.colorFocus};
        outline-offset: 2px;
      }
      .group {
        margin-block-end: ${token.spaceL};
      }
      /* Long steps (a housing benefit application has hundreds of fields): groups outside the
         viewport skip layout and paint until scrolled to; they stay in the accessibility tree
         and in find-in-page. */
      form > .group {
        content-visibility: auto;
        contain-intrinsic-size: auto 30rem;
        /* That containment also clips painting to the group's box, which cut the focus outline
           of full-width inputs off left and right (issue 12): room for outline and offset,
           given back by the margin so the fields stay aligned. */
        padding-inline: calc(${token.focusWidth} + 3px);
        margin-inline: calc(-1 * (${token.focusWidth} + 3px));
      }
      .item {
        border-inline-start: 4px solid ${token.colorBorder};
        padding-inline-start: ${token.spaceM};
        margin-block-end: ${token.spaceL};
      }
      .item h4:focus {
        outline: ${token.focusWidth} solid ${token.colorFocus};
      }
      .static {
        white-space: pre-line;
        margin-block-end: ${token.spaceL};
      }
      .static--warning {
        border-inline-start: 4px solid ${token.colorWarning};
        background: ${token.colorWarningBackground};
        padding: ${token.spaceM};
        font-weight: 600;
      }
      .panel {
        padding: ${token.spaceM};
        margin-block-end: ${token.spaceL};
        background: ${token.colorInfoBackground};
        border-inline-start: 4px solid ${token.colorInfo};
      }
      .draft {
        display: flex;
        flex-wrap: wrap;
        gap: ${token.spaceS} ${token.spaceM};
        align-items: center;
        margin-block: ${token.spaceL};
      }
      .draft__status {
        flex: 1 1 16rem;
        margin: 0;
      }
      .draft__status:empty {
        display: none;
      }
      .resume-code {
        font-size: 1.5em;
        letter-spacing: 0.08em;
        overflow-wrap: anywhere;
      }
      .resume-qr {
        display: block;
        background: #fff;
      }
      .panel--success {
        background: ${token.colorSuccessBackground};
        border-color: ${token.colorSuccess};
      }
      .panel--error {
        background: ${token.colorDangerBackground};
        border-color: ${token.colorDanger};
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: ${token.spaceM};
        margin-block-start: ${token.spaceXl};
      }
      .link {
        background: none;
        border: 0;
        padding: 0;
        font: inherit;
        color: ${token.colorAction};
        text-decoration: underline;
        cursor: pointer;
        min-height: 24px;
      }
      dl {
        margin: 0 0 ${token.spaceL};
      }
      .intro {
        margin-block: 0 ${token.spaceL};
      }
      .row {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) auto;
        gap: ${token.spaceS} ${token.spaceM};
        padding-block: ${token.spaceS};
        border-block-end: 1px solid ${token.colorBorder};
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      .answer {
        overflow-wrap: anywhere;
        white-space: pre-line;
      }
      /* "Ändern" stays one word beside its answer, never under it. */
      .change {
        white-space: nowrap;
        text-align: end;
      }
      /* The element's own width decides, not the viewport's: it may sit in a CMS sidebar. The
         question above, its answer and "Ändern" side by side below. */
      @container efa-form (max-width: 30rem) {
        .row {
          grid-template-columns: minmax(0, 1fr) auto;
        }
        dt {
          grid-column: 1 / -1;
        }
      }
    `,
];
