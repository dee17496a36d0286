/**
 * `@efa-kit/form-assistant/schema`: the form definition format (zod schemas and types), the
 * condition language and the validation generated from a definition. Browser-safe.
 */
import * as z from 'zod/mini';
import { type FormDefinition, formDefinitionShape } from './definition.js';
import { checkDefinition } from './walk.js';

export {
  type Condition,
  conditionOperators,
  conditionProblem,
  evaluate,
  holds,
  isCondition,
  type RepeatScope,
  referencedPaths,
  resolvePath,
} from '../conditions/expression.js';
export * from './authoring.js';
export * from './definition.js';
export * from './drafts.js';
export * from './fee-answers.js';
export * from './submission.js';
export * from './values.js';
export * from './walk.js';

/** The definition schema with the cross-reference checks (unique ids, known paths and code lists). */
export const formDefinitionSchema: z.ZodMiniType<FormDefinition> = formDefinitionShape.check(
  z.superRefine((definition: FormDefinition, ctx) => {
    for (const problem of checkDefinition(definition)) {
      ctx.addIssue({ code: 'custom', message: `${problem.path}: ${problem.message}`, path: ['steps'] });
    }
  }),
);

/** Parses and checks a definition (e.g. JSON from a file or the server); throws a ZodError when invalid. */
export function parseFormDefinition(input: unknown): FormDefinition {
  return formDefinitionSchema.parse(input);
}
