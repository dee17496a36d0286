import './themes/sachsen.css';
import './themes/schleswig-holstein.css';
import { css, html, LitElement } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { themes } from './index.js';
import { buttonStyles, focusRing, hostStyles, typography } from './styles.js';
import { token } from './tokens.js';

class ContrastProbeElement extends LitElement {
  static override styles = [
    hostStyles,
    typography,
    buttonStyles,
    focusRing,
    css`
      :host {
        display: block;
        background: ${token.colorBackground};
      }
      .surface {
        background: ${token.colorSurface};
      }
      .swatches {
        --focus: ${token.colorFocus};
        --danger: ${token.colorDanger};
        --background: ${token.colorBackground};
        --surface: ${token.colorSurface};
        --input: ${token.colorInputBackground};
        --danger-background: ${token.colorDangerBackground};
      }
      .swatches span {
        display: block;
        height: 1px;
      }
    `,
  ];
  override render() {
    return html`<p><a class="button" href="/antrag">Online beantragen</a></p>
      <p><a class="button button--secondary" href="/zurueck">Zurück zur Übersicht</a></p>
      <p><a href="/warum">Warum diese Stelle</a></p>
      <div class="surface"><a href="/stelle">Website der Stelle</a></div>
      <div class="swatches">
        ${['focus', 'danger', 'background', 'surface', 'input', 'danger-background'].map(
          (name) => html`<span data-swatch=${name} style="background: var(--${name})"></span>`,
        )}
      </div>`;
  }
}
customElements.define('efa-contrast-probe', ContrastProbeElement);

type Rgb = [number, number, number];

function rgb(value: string): Rgb {
  const parts = /rgba?\((\d+), (\d+), (\d+)/.exec(value);
  if (!parts) throw new Error(`not a colour: ${value}`);
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The colour behind an element: its own background or the nearest painted one around it. */
function backgroundOf(element: Element): Rgb {
  for (let node: Element | null = element; node; ) {
    const value = getComputedStyle(node).backgroundColor;
    if (!/rgba\(.*, 0\)|transparent/.test(value)) return rgb(value);
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
  }
  return [255, 255, 255];
}

/**
 * Browsers report a visited link to scripts as if it were unvisited (a privacy rule), so
 * neither getComputedStyle nor axe sees the purple "Online beantragen" of issue 12. The probe's
 * own styles are re-applied with `:visited` spelled `[data-visited]`: an attribute selector has
 * the same specificity as the pseudo-class, so the cascade decides exactly as for a visited
 * link, and the colours become readable. (The portal's e2e checks real visited links, in pixels.)
 */
async function visitedProbe(className: string): Promise<ShadowRoot> {
  document.documentElement.className = className;
  const probe = document.createElement('efa-contrast-probe') as ContrastProbeElement;
  document.body.append(probe);
  await probe.updateComplete;
  const root = probe.shadowRoot as ShadowRoot;
  root.adoptedStyleSheets = root.adoptedStyleSheets.map((sheet) => {
    const text = [...sheet.cssRules].map((rule) => rule.cssText).join('\n');
    const copy = new CSSStyleSheet();
    copy.replaceSync(text.replaceAll(':visited', '[data-visited]'));
    return copy;
  });
  for (const link of root.querySelectorAll('a')) link.setAttribute('data-visited', '');
  return root;
}

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.className = '';
});

describe('visited links in every theme (issue 12)', () => {
  for (const theme of themes) {
    it(`keep AA contrast in ${theme.id}; button-like links keep their button colours`, async () => {
      const root = await visitedProbe(theme.className);
      expect(
        root.adoptedStyleSheets.some((s) =>
          [...s.cssRules].some((r) => r.cssText.includes('[data-visited]')),
        ),
      ).toBe(true);
      const [primary, secondary] = [...root.querySelectorAll('.button')] as [HTMLElement, HTMLElement];
      const primaryStyle = getComputedStyle(primary);
      // The text stays the action text colour on the action background, not the visited purple.
      expect(contrast(rgb(primaryStyle.color), rgb(primaryStyle.backgroundColor))).toBeGreaterThanOrEqual(
        4.5,
      );
      expect(rgb(primaryStyle.color)).toEqual(rgb(getComputedStyle(secondary).backgroundColor));
      const secondaryStyle = getComputedStyle(secondary);
      expect(secondaryStyle.color).toBe(primaryStyle.backgroundColor);
      expect(contrast(rgb(secondaryStyle.color), rgb(secondaryStyle.backgroundColor))).toBeGreaterThanOrEqual(
        4.5,
      );
      // Ordinary visited links keep AA on the page background and on a surface.
      for (const link of root.querySelectorAll('a:not(.button)')) {
        expect(contrast(rgb(getComputedStyle(link).color), backgroundOf(link))).toBeGreaterThanOrEqual(4.5);
      }
    });
  }
});

describe('the focus colour in every theme (issue 12, WCAG 1.4.11 and 2.4.11)', () => {
  for (const theme of themes) {
    it(`in ${theme.id}: 3:1 against what it is drawn next to, and not the error colour`, async () => {
      document.documentElement.className = theme.className;
      const probe = document.createElement('efa-contrast-probe') as ContrastProbeElement;
      document.body.append(probe);
      await probe.updateComplete;
      const root = probe.shadowRoot as ShadowRoot;
      const swatch = (name: string) =>
        rgb(getComputedStyle(root.querySelector(`[data-swatch=${name}]`) as Element).backgroundColor);
      const focus = swatch('focus');
      for (const next of ['background', 'surface', 'input', 'danger-background']) {
        expect(contrast(focus, swatch(next)), next).toBeGreaterThanOrEqual(3);
      }
      // A focus ring in the error colour reads as an error: far apart in colour, not just a shade.
      const danger = swatch('danger');
      const distance = Math.hypot(...focus.map((value, i) => value - (danger[i] ?? 0)));
      expect(distance).toBeGreaterThan(100);
      // And the focus ring of the theme's elements is drawn in it.
      const button = root.querySelector('.button') as HTMLElement;
      button.focus({ focusVisible: true } as FocusOptions);
      expect(rgb(getComputedStyle(button).outlineColor)).toEqual(focus);
    });
  }
});
