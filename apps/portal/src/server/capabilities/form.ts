import { randomBytes } from 'node:crypto';
import { publicProcedure, registerMessages, router } from '@efa-kit/core/server';
import { blueprintForms } from '@efa-kit/form-assistant/blueprints';
import { createValidator, type FormValidator, validationMessages } from '@efa-kit/form-assistant/validation';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { CapabilityModule } from '../capability.js';
import { formPages, formsOverviewPage } from '../pages/form.js';

/**
 * The three blueprint applications (dog registration, housing benefit, geothermal drilling)
 * served to <efa-form>: `form.definition` hands out a definition, `form.submit` validates a
 * whole application on the server with the same generated schema the browser used per step.
 */
export const formCapability: CapabilityModule = {
  name: 'form',
  migrations: [],
  async create({ log }) {
    const forms = blueprintForms();
    const validators = new Map<string, FormValidator>(
      Object.entries(forms).map(([id, definition]) => [id, createValidator(definition)]),
    );
    registerMessages(validationMessages);
    const formId = z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/)
      .max(100);
    const formRouter = router({
      definition: publicProcedure.input(z.object({ id: formId })).query(({ input }) => {
        const definition = forms[input.id];
        if (!definition) throw new TRPCError({ code: 'NOT_FOUND' });
        return definition;
      }),
      submit: publicProcedure
        .input(z.object({ formId, version: z.string().max(32), data: z.record(z.string(), z.unknown()) }))
        .mutation(({ input }) => {
          const validator = validators.get(input.formId);
          const definition = forms[input.formId];
          if (!validator || !definition) throw new TRPCError({ code: 'NOT_FOUND' });
          if (input.version !== definition.version) throw new TRPCError({ code: 'CONFLICT' });
          // Throws a ZodError with catalogue keys; the shared error formatter turns it into
          // localized field errors under "data." that the element puts on their steps.
          const parsed = z.object({ data: validator.application }).parse({ data: input.data });
          const reference = `${definition.id.slice(0, 2).toUpperCase()}-${new Date().getFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`;
          log(`form: ${definition.id} ${reference} accepted (${Object.keys(parsed.data).length} groups)`);
          return { reference };
        }),
    });
    log(`form: ${Object.keys(forms).length} forms (${Object.keys(forms).join(', ')})`);
    return {
      namespace: 'form',
      router: formRouter,
      pages: [formsOverviewPage, ...formPages],
    };
  },
};
