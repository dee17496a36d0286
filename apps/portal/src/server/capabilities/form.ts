import { blueprintForms } from '@efa-kit/form-assistant/blueprints';
import { createFormRouter } from '@efa-kit/form-assistant/server';
import type { CapabilityModule } from '../capability.js';
import { formPages, formsOverviewPage } from '../pages/form.js';

/**
 * The three blueprint applications (dog registration, housing benefit, geothermal drilling)
 * served to <efa-form> by the package's router: `form.definition` hands out a definition,
 * `form.submitPreview` validates the whole application on the server with the same generated
 * schema the browser ran per step (storing and forwarding submissions is a later issue).
 */
export const formCapability: CapabilityModule = {
  name: 'form',
  migrations: [],
  async create({ log }) {
    const forms = blueprintForms();
    log(`form: ${Object.keys(forms).length} forms (${Object.keys(forms).join(', ')})`);
    return {
      namespace: 'form',
      router: createFormRouter({ forms }),
      pages: [formsOverviewPage, ...formPages],
    };
  },
};
