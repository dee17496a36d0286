/**
 * `@efa-kit/form-assistant/blueprints` (Node): three real applications as form definitions.
 * The dog registration is built from this package's XDatenfelder 3.0 file through the
 * importer, the way another state would build a form from its FIM schema.
 */
import { readFileSync } from 'node:fs';
import type { ImportWarning } from '../fim/warnings.js';
import type { FormDefinition } from '../schema/definition.js';
import { dogRegistrationFromXdf } from './dog-registration.js';
import { geothermalDrilling } from './geothermal-drilling.js';
import { housingBenefit } from './housing-benefit.js';

export { dogRegistrationFromXdf } from './dog-registration.js';
export { geothermalDrilling } from './geothermal-drilling.js';
export { housingBenefit } from './housing-benefit.js';

/** The XDatenfelder 3.0 file of the dog registration and its breed code list (genericode). */
export const dogRegistrationFiles = {
  xdf: new URL('../../fixtures/blueprints/hundesteuer-anmeldung.xdf3.xml', import.meta.url),
  breeds: new URL('../../fixtures/blueprints/hunderasse.gc.xml', import.meta.url),
};

let dog: { definition: FormDefinition; warnings: ImportWarning[] } | undefined;

/** The dog registration, imported on first use. */
export function dogRegistration(): { definition: FormDefinition; warnings: ImportWarning[] } {
  dog ??= dogRegistrationFromXdf(
    readFileSync(dogRegistrationFiles.xdf, 'utf8'),
    readFileSync(dogRegistrationFiles.breeds, 'utf8'),
  );
  return dog;
}

/** All blueprint definitions, keyed by form id: what `createFormRouter({ forms })` takes. */
export function blueprintForms(): Record<string, FormDefinition> {
  return {
    'dog-registration': dogRegistration().definition,
    'housing-benefit': housingBenefit,
    'geothermal-drilling': geothermalDrilling,
  };
}
