import './themes/sachsen.css';
import './themes/schleswig-holstein.css';
import { css, html, LitElement } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { hostStyles } from './styles.js';
import { token } from './tokens.js';

class TokenProbeElement extends LitElement {
  static override styles = [
    hostStyles,
    css`.action { color: ${token.colorAction}; border-radius: ${token.radius}; }`,
  ];
  override render() {
    return html`<span class="action">Antrag stellen</span>`;
  }
}
customElements.define('efa-token-probe', TokenProbeElement);

async function resolved(wrapperClass: string, inlineStyle = ''): Promise<{ color: string; radius: string }> {
  const wrapper = document.createElement('div');
  wrapper.className = wrapperClass;
  wrapper.setAttribute('style', inlineStyle);
  const probe = document.createElement('efa-token-probe') as TokenProbeElement;
  wrapper.append(probe);
  document.body.append(wrapper);
  await probe.updateComplete;
  const span = probe.shadowRoot?.querySelector('.action');
  if (!span) throw new Error('probe did not render');
  const style = getComputedStyle(span);
  return { color: style.color, radius: style.borderTopLeftRadius };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('tokens inside a shadow root', () => {
  it('fall back to the neutral value without KERN or a theme', async () => {
    expect(await resolved('')).toEqual({ color: 'rgb(31, 61, 122)', radius: '4px' });
  });

  it('use KERN UX tokens when the page defines them', async () => {
    expect((await resolved('', '--kern-color-action-default: rgb(10, 20, 30)')).color).toBe(
      'rgb(10, 20, 30)',
    );
  });

  it('use a state theme over KERN, scoped to its class', async () => {
    const sachsen = await resolved('efa-theme-sachsen', '--kern-color-action-default: rgb(10, 20, 30)');
    expect(sachsen).toEqual({ color: 'rgb(0, 102, 75)', radius: '0px' });
    expect((await resolved('efa-theme-schleswig-holstein')).color).toBe('rgb(0, 48, 100)');
  });
});

describe('state themes look like two states side by side (issue 15)', () => {
  class ShapeProbeElement extends LitElement {
    static override styles = [
      hostStyles,
      css`.box { padding: ${token.spaceM}; border-radius: ${token.radius}; min-height: ${token.controlHeight}; }`,
    ];
    override render() {
      return html`<div class="box">Antrag stellen</div>`;
    }
  }
  customElements.define('efa-shape-probe', ShapeProbeElement);

  async function shape(wrapperClass: string): Promise<string> {
    const wrapper = document.createElement('div');
    wrapper.className = wrapperClass;
    const probe = document.createElement('efa-shape-probe') as ShapeProbeElement;
    wrapper.append(probe);
    document.body.append(wrapper);
    await probe.updateComplete;
    const box = probe.shadowRoot?.querySelector('.box') as Element;
    const style = getComputedStyle(box);
    return [
      style.fontFamily.split(',')[0],
      style.fontSize,
      style.lineHeight,
      style.paddingTop,
      style.borderTopLeftRadius,
      style.minHeight,
    ].join(' | ');
  }

  it('differ from each other and from the neutral fallbacks in font, size, spacing and radius', async () => {
    const looks = {
      neutral: await shape(''),
      sachsen: await shape('efa-theme-sachsen'),
      sh: await shape('efa-theme-schleswig-holstein'),
    };
    expect(looks.sachsen).toBe('"Open Sans" | 16px | 24px | 12px | 0px | 44px');
    expect(looks.sh).toBe('"Fira Sans" | 18px | 28.8px | 20px | 8px | 48px');
    expect(looks.neutral).toBe('system-ui | 16px | 24px | 16px | 4px | 44px');
  });
});
