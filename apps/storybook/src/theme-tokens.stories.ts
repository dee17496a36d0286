import { tokenProperties } from '@efa-kit/theme';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

/**
 * Every design token as the current theme resolves it: switch the theme in the toolbar to see
 * each state's values, "KERN tokens" for a page with KERN UX and "No tokens" for the fallbacks.
 */
const meta: Meta = {
  title: 'Foundations/Design tokens',
  tags: ['autodocs'],
};
export default meta;

type Property = (typeof tokenProperties)[keyof typeof tokenProperties];
const chain = (property: Property) => `var(${property.efa}, var(${property.kern}, ${property.fallback}))`;
const group = (prefix: string) =>
  Object.entries(tokenProperties).filter(([name]) => prefix.split('|').some((p) => name.startsWith(p)));

function table(caption: string, rows: [string, Property][], sample: (property: Property) => TemplateResult) {
  return html`<table style="border-collapse: collapse">
    <caption style="text-align: start; font-weight: 600">${caption}</caption>
    <thead>
      <tr><th scope="col">Token</th><th scope="col">KERN</th><th scope="col">Fallback</th><th scope="col">Muster / sample</th></tr>
    </thead>
    <tbody>
      ${rows.map(
        ([, property]) => html`<tr style="border-block-end: 1px solid #6b6b76">
          <td><code>${property.efa}</code></td>
          <td><code>${property.kern}</code></td>
          <td><code>${property.fallback}</code></td>
          <td style="padding: 0.25rem 0.5rem">${sample(property)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

export const Colours: StoryObj = {
  render: () =>
    table(
      'Farben / colours',
      group('color'),
      (property) => html`<span
      aria-hidden="true"
      style=${styleMap({
        display: 'inline-block',
        width: '3rem',
        height: '1.5rem',
        border: '1px solid #4a4a55',
        background: chain(property),
      })}
    ></span>`,
    ),
};

export const Typography: StoryObj = {
  render: () =>
    table('Schrift / typography', group('font|lineHeight'), (property) => {
      const style: Record<string, string> = {
        fontFamily: chain(tokenProperties.fontFamily),
        lineHeight: chain(tokenProperties.lineHeight),
      };
      if (property.efa.startsWith('--efa-font-size')) style.fontSize = chain(property);
      return html`<span style=${styleMap(style)}>Hundesteuer anmelden</span>`;
    }),
};

export const Spacing: StoryObj = {
  render: () =>
    table(
      'Abstände / spacing',
      group('space|controlHeight'),
      (property) => html`<span
      aria-hidden="true"
      style=${styleMap({
        display: 'inline-block',
        width: property.efa === '--efa-control-height' ? '1rem' : chain(property),
        height: property.efa === '--efa-control-height' ? chain(property) : '1rem',
        background: chain(tokenProperties.colorAction),
      })}
    ></span>`,
    ),
};

export const RadiusAndBorders: StoryObj = {
  render: () =>
    table(
      'Radius und Linien / radius and borders',
      group('radius|borderWidth|focusWidth'),
      (property) => html`<span
      aria-hidden="true"
      style=${styleMap({
        display: 'inline-block',
        width: '4rem',
        height: '2rem',
        border: `${property.efa === '--efa-radius' ? chain(tokenProperties.borderWidth) : chain(property)} solid ${chain(tokenProperties.colorBorder)}`,
        borderRadius: chain(tokenProperties.radius),
      })}
    ></span>`,
    ),
};
