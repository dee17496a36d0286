// The authority inbox (/behoerde): <efa-inbox> decrypts in a worker with keys that never leave
// this browser; the decrypted data is checked here against the service's form definition
// (fetched from the portal, which never sees the plaintext).
import '@efa-kit/submission/elements/efa-inbox.js';
import { createEndpointClient } from '@efa-kit/core/client';
import type { FormDefinition } from '@efa-kit/form-assistant/schema';
import { createValidator, fromFimSubmission } from '@efa-kit/form-assistant/validation';
import type { DataValidator } from '@efa-kit/submission/inbox';

const inbox = document.querySelector<HTMLElement & { validateData?: DataValidator }>('efa-inbox');
if (inbox) {
  const forms = JSON.parse(inbox.dataset.forms ?? '{}') as Record<string, string>;
  const client = createEndpointClient({ endpoint: inbox.getAttribute('endpoint') ?? '/trpc' });
  const definitions = new Map<string, Promise<FormDefinition>>();
  const definitionFor = (formId: string) => {
    let definition = definitions.get(formId);
    if (!definition) {
      definition = client.query<FormDefinition>('form.definition', { formId });
      definitions.set(formId, definition);
    }
    return definition;
  };
  inbox.validateData = async ({ data, leikaKey }) => {
    const formId = leikaKey ? forms[leikaKey] : undefined;
    if (!formId) return [`no form for service ${leikaKey ?? '(none)'}`];
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return ['data is not an object'];
    const definition = await definitionFor(formId);
    const result = createValidator(definition).application.safeParse(
      fromFimSubmission(definition, data as Record<string, unknown>),
    );
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };
}
