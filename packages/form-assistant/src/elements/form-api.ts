import type { Locale } from '@efa-kit/core';
import { createEndpointClient, type RouterClient, routerClient } from '@efa-kit/core/client';
import type { FormRouter } from '../server/router.js';

/**
 * A procedure `<efa-form>` is configured with ("form.prefill", "land.antrag.submit"), called
 * with input and output types inferred from the form router (a type-only import, so no server
 * code reaches the bundle). The host chooses the namespace, everything before the last dot; the
 * last segment is the procedure, which must have the contract of the form router's procedure
 * of that role (`definition`, `prefill`, `submit` or `submitPreview`).
 */
export function formProcedure(
  endpoint: string,
  locale: Locale,
  path: string,
): { api: RouterClient<FormRouter>; name: string } {
  const dot = path.lastIndexOf('.');
  return {
    api: routerClient<FormRouter>(
      createEndpointClient({ endpoint, locale }),
      dot < 0 ? '' : path.slice(0, dot),
    ),
    name: path.slice(dot + 1),
  };
}
