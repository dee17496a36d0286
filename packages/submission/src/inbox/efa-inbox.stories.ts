import type { Meta, StoryObj } from '@storybook/web-components-vite';
import './efa-inbox.js';
import type { EfaInboxElement } from './efa-inbox.js';
import { listSource, openedStory } from './efa-inbox.stories.support.js';
import { memoryKeyStore } from './key-store.js';

/**
 * Stories talk to an in-memory InboxSource (memory-source.ts) and keep keys in memory; the
 * opened cases are encrypted in the browser to a key generated for the story, decrypted and
 * checked in the real decryption worker.
 */
const worker = () => new Worker(new URL('./decrypt-worker.ts', import.meta.url), { type: 'module' });

/** German stories leave `lang` unset, so the element follows the page (Storybook's language toolbar). */
function inbox(lang: 'de' | 'en', props: Partial<EfaInboxElement>): EfaInboxElement {
  const element = document.createElement('efa-inbox');
  Object.assign(element, { lang: lang === 'en' ? 'en' : '', createWorker: worker, ...props });
  return element;
}

const meta: Meta = {
  title: 'Submission/efa-inbox',
  component: 'efa-inbox',
};
export default meta;

type Story = StoryObj;

/** Waits for the opened case's check result, so the accessibility check sees the opened case. */
async function caseShown({ canvasElement }: { canvasElement: HTMLElement }): Promise<void> {
  const element = canvasElement.querySelector('efa-inbox') as EfaInboxElement;
  const end = Date.now() + 30_000;
  while (!element.shadowRoot?.querySelector('[data-result]')) {
    if (Date.now() > end) throw new Error('the case did not open');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const Liste: Story = {
  render: () => inbox('de', { source: listSource(25), keyStore: memoryKeyStore() }),
};

export const English: Story = {
  render: () => inbox('en', { source: listSource(8), keyStore: memoryKeyStore() }),
};

export const GeprüfterVorgang: Story = {
  loaders: [async () => ({ story: await openedStory(false) })],
  render: (_args, { loaded }) => {
    const { source, keyStore, caseId } = loaded.story as Awaited<ReturnType<typeof openedStory>>;
    const element = inbox('de', {
      source,
      keyStore,
      validateData: ({ data }) => ((data as { dogName?: unknown }).dogName ? [] : ['dogName fehlt']),
    });
    // Opens the case as a caseworker's click would (after the list has loaded).
    void element.openCase(caseId);
    return element;
  },
  play: caseShown,
};

export const VeränderteAnlage: Story = {
  loaders: [async () => ({ story: await openedStory(true) })],
  render: (_args, { loaded }) => {
    const { source, keyStore, caseId } = loaded.story as Awaited<ReturnType<typeof openedStory>>;
    const element = inbox('de', { source, keyStore });
    void element.openCase(caseId);
    return element;
  },
  play: caseShown,
};
