import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { FormData as ApplicationData } from '../schema/values.js';
import '../form.js';
import type { EfaFormElement } from './efa-form.js';
import { testDefinition } from './form-test-definition.test.helper.js';

interface FormArgs {
  lang: string;
}

const filled: ApplicationData = {
  holder: {
    name: { givenNames: 'Erika', familyName: 'Mustermann' },
    email: 'erika@example.de',
    hasReduction: false,
  },
  dogs: [
    { dogName: 'Bello', birthDate: '2020-03-27' },
    { dogName: 'Luna', birthDate: '2022-11-02' },
  ],
  payment: { iban: 'DE02120300000000202051' },
};

/** The assistant without autosave, so stories never see each other's drafts. */
function renderForm(args: FormArgs) {
  return html`<efa-form lang=${args.lang} no-autosave .definition=${testDefinition}></efa-form>`;
}

async function formIn(canvas: HTMLElement): Promise<EfaFormElement> {
  const form = canvas.querySelector('efa-form') as EfaFormElement;
  await form.updateComplete;
  return form;
}

const meta: Meta<FormArgs> = {
  title: 'Form assistant/Form (efa-form)',
  component: 'efa-form',
  tags: ['autodocs'],
  args: { lang: 'de' },
  parameters: {
    docs: {
      description: {
        component:
          'The assistant: a definition rendered step by step with progress, error summary, repeatable groups, conditions and a check-your-answers page.',
      },
    },
  },
  render: (args) => renderForm(args),
};
export default meta;

type Story = StoryObj<FormArgs>;

export const FirstStep: Story = {};

export const ErrorSummary: Story = {
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    form.shadowRoot?.querySelector<HTMLButtonElement>('.actions .button')?.click();
    await form.updateComplete;
  },
};

export const RepeatedGroup: Story = {
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    form.restore(filled, 'dogs');
    await form.updateComplete;
  },
};

export const CheckAnswers: Story = {
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    form.restore(filled, '#check');
    await form.updateComplete;
  },
};

export const English: Story = {
  args: { lang: 'en' },
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    form.restore(filled, '#check');
    await form.updateComplete;
  },
};

export const Mobile: Story = {
  decorators: [
    (story) =>
      html`<div style=${styleMap({ maxWidth: '320px', border: '1px dashed #6b6b76' })}>${story()}</div>`,
  ],
  globals: { viewport: { value: 'mobile320', isRotated: false } },
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    form.restore(filled, 'dogs');
    await form.updateComplete;
  },
};

export const LoadError: Story = {
  render: (args) => html`<efa-form lang=${args.lang} no-autosave src="/does-not-exist/form.json"></efa-form>`,
  play: async ({ canvasElement }) => {
    const form = canvasElement.querySelector('efa-form') as EfaFormElement;
    for (let i = 0; i < 50 && !form.shadowRoot?.querySelector('[role="alert"]'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
};

/** While the definition is on its way (the request never answers in this story). */
export const Loading: Story = {
  beforeEach: () => {
    const original = window.fetch;
    window.fetch = () => new Promise<Response>(() => {});
    return () => {
      window.fetch = original;
    };
  },
  render: (args) =>
    html`<efa-form lang=${args.lang} no-autosave src="/forms/dog-registration.json"></efa-form>`,
};

/** After "Antrag absenden" without a submit procedure: complete, and honestly not yet sent. */
export const Checked: Story = {
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    form.restore(filled, '#check');
    await form.updateComplete;
    form.shadowRoot?.querySelector<HTMLButtonElement>('.actions .button')?.click();
    await form.updateComplete;
  },
};

/** The form router's answer, played by a stubbed fetch (Storybook has no backend). */
function answerSubmit(answer: unknown, status = 200) {
  return () => {
    const original = window.fetch;
    window.fetch = async () =>
      status === 0
        ? Promise.reject(new TypeError('Failed to fetch'))
        : new Response(JSON.stringify(status === 200 ? { result: { data: answer } } : { error: answer }), {
            status,
            headers: { 'content-type': 'application/json' },
          });
    return () => {
      window.fetch = original;
    };
  };
}

const submitAnswer = (delivery: string) => ({
  applicationId: '6d7e8f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
  reference: 'HSTPIR-2611-7Q4M-X',
  delivery,
  submittedAt: '2026-11-23T10:00:00Z',
});

function submittingForm(args: FormArgs) {
  return html`<efa-form lang=${args.lang} no-autosave endpoint="/trpc" submit-procedure="form.submit" .definition=${testDefinition}></efa-form>`;
}

async function submitFilled(canvasElement: HTMLElement): Promise<void> {
  const form = await formIn(canvasElement);
  form.restore(filled, '#check');
  await form.updateComplete;
  form.shadowRoot?.querySelector<HTMLButtonElement>('.actions .button')?.click();
  for (let i = 0; i < 50 && !form.shadowRoot?.querySelector('.panel[tabindex]'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Stored and waiting for the delivery service: "Ihr Antrag wird übermittelt." with the reference. */
export const SubmittedPending: Story = {
  beforeEach: answerSubmit(submitAnswer('pending')),
  render: (args) => submittingForm(args),
  play: async ({ canvasElement }) => submitFilled(canvasElement),
};

/** Taken by the delivery service: only now "an die Behörde übermittelt". */
export const SubmittedToAuthority: Story = {
  beforeEach: answerSubmit(submitAnswer('submitted')),
  render: (args) => submittingForm(args),
  play: async ({ canvasElement }) => submitFilled(canvasElement),
};

/** Delivery failed after its retries: said so, with what to do. */
export const DeliveryFailed: Story = {
  beforeEach: answerSubmit(submitAnswer('failed')),
  render: (args) => submittingForm(args),
  play: async ({ canvasElement }) => submitFilled(canvasElement),
};

/** The connection broke: nothing is claimed, the answers stay. */
export const SubmitNetworkError: Story = {
  beforeEach: answerSubmit(null, 0),
  render: (args) => submittingForm(args),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    form.restore(filled, '#check');
    await form.updateComplete;
    form.shadowRoot?.querySelector<HTMLButtonElement>('.actions .button')?.click();
    for (let i = 0; i < 50 && !form.shadowRoot?.querySelector('.panel--error'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
};

/** Logged in below the service's trust level: the server's words, the answers kept. */
export const TrustLevelTooLow: Story = {
  beforeEach: answerSubmit(
    {
      message:
        'Für diesen Antrag müssen Sie sich mit dem Vertrauensniveau „substanziell“ anmelden, zum Beispiel mit Ihrem Online-Ausweis. Sie sind mit „niedrig“ angemeldet. Bitte melden Sie sich erneut an.',
      code: -32003,
      data: { code: 'FORBIDDEN', httpStatus: 403, efaCode: 'FORM_TRUST_LEVEL_TOO_LOW', fieldErrors: [] },
    },
    403,
  ),
  render: (args) => submittingForm(args),
  play: async ({ canvasElement }) => {
    const form = await formIn(canvasElement);
    form.restore(filled, '#check');
    await form.updateComplete;
    form.shadowRoot?.querySelector<HTMLButtonElement>('.actions .button')?.click();
    for (let i = 0; i < 50 && !form.shadowRoot?.querySelector('.panel--error'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
};
