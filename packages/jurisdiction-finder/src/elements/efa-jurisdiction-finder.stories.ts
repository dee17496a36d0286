import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { type FixtureFetchOptions, fixtureFetch } from '../testing/fixture-fetch.js';
import { fixtureData } from '../testing/fixtures.js';
import './efa-jurisdiction-finder.js';

/**
 * Stories answer from the fictional Musterland fixture through `fixtureFetch`: the package's
 * real search and resolution code running in the page, no server. The element's network
 * behaviour against the real backend and the real Saxon data is covered by its browser tests.
 */
interface Args {
  lang: string;
  service?: string;
  place?: string;
  backend?: FixtureFetchOptions;
}

const meta: Meta<Args> = {
  title: 'Jurisdiction finder/Finder',
  component: 'efa-jurisdiction-finder',
  args: { lang: 'de' },
  argTypes: { lang: { control: 'inline-radio', options: ['de', 'en'] } },
  render: (args) =>
    html`<efa-jurisdiction-finder
      lang=${args.lang}
      service=${args.service ?? ''}
      place=${args.place ?? ''}
      endpoint="/trpc"
      .fetcher=${fixtureFetch(args.backend)}
    ></efa-jurisdiction-finder>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Waits until the element shows `selector` in its shadow root, so the a11y check sees the final state. */
function showing(selector: string): Story['play'] {
  return async ({ canvasElement }) => {
    const end = Date.now() + 5_000;
    const found = () =>
      canvasElement.querySelector('efa-jurisdiction-finder')?.shadowRoot?.querySelector(selector);
    while (!found()) {
      if (Date.now() > end) throw new Error(`${selector} did not appear`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
}

/** Nothing chosen yet: two comboboxes and a hint. */
export const Empty: Story = {};
/** A responsible office with address, contacts, opening hours and an online service. */
export const Found: Story = {
  args: { service: '99102013104000', place: '991015001001' },
  play: showing('[part=card]'),
};
export const FoundEnglish: Story = {
  args: { service: '99102013104000', place: '991015001001', lang: 'en' },
  play: showing('[part=card]'),
};
/** A derived demo record: only the town is known; the card says so. */
export const DemoRecord: Story = {
  args: { service: '99102013104000', place: '991015001002' },
  play: showing('[part=card]'),
};
/** Found through the association: the rule is attached to the Verwaltungsgemeinschaft. */
export const ByAssociation: Story = {
  args: { service: 'efa:wohnsitz-anmelden', place: '991015001002' },
  play: showing('[part=card]'),
};
/** The postcode 99901 covers two municipalities: the user chooses. */
export const SplitPostcode: Story = {
  args: { service: '99102013104000', place: '99901' },
  play: showing('ul.choices'),
};
/** No rule covers the place. */
export const NoneFound: Story = {
  args: {
    service: '99102013104000',
    place: '991010002002',
    backend: {
      data: {
        ...fixtureData(),
        zustaendigkeiten: fixtureData().zustaendigkeiten.filter((z) => z.gebiet !== '991010002002'),
      },
    },
  },
  play: showing('[data-result-heading]'),
};
export const Loading: Story = {
  args: { service: '99102013104000', place: '991015001001', backend: { pendingResolve: true } },
  play: showing('[aria-busy=true] p'),
};
/** The endpoint cannot be reached: an alert with a retry button. */
export const ServiceUnreachable: Story = {
  args: { service: '99102013104000', place: '991015001001', backend: { offline: true } },
  play: showing('[role=alert]'),
};
export const Mobile: Story = {
  args: { service: '99102013104000', place: '991015001001' },
  globals: { viewport: { value: 'mobile1', isRotated: false } },
  play: showing('[part=card]'),
};

/** The service combobox open with suggestions, the second one active (as after typing and ↓ ↓). */
export const Suggestions: Story = {
  play: async ({ canvasElement }) => {
    const root = canvasElement.querySelector('efa-jurisdiction-finder')?.shadowRoot;
    const input = root?.querySelector<HTMLInputElement>('input[role=combobox]');
    if (!root || !input) throw new Error('no combobox');
    input.value = 'Hund';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const end = Date.now() + 5_000;
    while (input.getAttribute('aria-expanded') !== 'true') {
      if (Date.now() > end) throw new Error('no suggestions');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (let i = 0; i < 2; i += 1)
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (!input.getAttribute('aria-activedescendant')) throw new Error('no active option');
  },
};
