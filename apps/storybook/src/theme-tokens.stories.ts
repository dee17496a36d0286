import { themes, tokenProperties } from '@efa-kit/theme';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

/**
 * The design tokens as the current theme resolves them: switch the theme in the toolbar to
 * see each state's values, and "Neutral" for the KERN fallbacks.
 */
const meta: Meta = {
  title: 'Foundations/Design tokens',
  tags: ['autodocs'],
};
export default meta;

const colourTokens = Object.entries(tokenProperties).filter(([name]) => name.startsWith('color'));

export const Colours: StoryObj = {
  render: () => html`
    <table>
      <caption>Farb-Tokens / colour tokens (${themes.length} themes)</caption>
      <thead><tr><th scope="col">Token</th><th scope="col">KERN</th><th scope="col">Muster / swatch</th></tr></thead>
      <tbody>
        ${colourTokens.map(
          ([, property]) => html`<tr>
            <td><code>${property.efa}</code></td>
            <td><code>${property.kern}</code></td>
            <td>
              <span
                aria-hidden="true"
                style=${styleMap({
                  display: 'inline-block',
                  width: '3rem',
                  height: '1.5rem',
                  border: '1px solid #4a4a55',
                  background: `var(${property.efa}, var(${property.kern}, ${property.fallback}))`,
                })}
              ></span>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
  `,
};
