import { authedProcedure, publicProcedure, registerMessages, router } from '@efa-kit/core/server';
import { accountValidationMessages } from '../errors.js';
import {
  type KeepAliveOutput,
  keepAliveOutputSchema,
  type LoginOutput,
  type LogoutOutput,
  loginInputSchema,
  loginOutputSchema,
  logoutOutputSchema,
  type MeOutput,
  meOutputSchema,
  type SessionInfo,
} from '../schema/api.js';
import { identityDisplayName } from '../schema/identity.js';
import type { AccountService } from './service.js';
import type { StoredSession } from './sessions.js';

export interface AccountRouterOptions {
  service: AccountService;
}

function sessionInfo(session: StoredSession, idleTimeoutSeconds: number): SessionInfo {
  return {
    trustLevel: session.trustLevel,
    idleExpiresAt: session.idleExpiresAt.toISOString(),
    absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
    idleTimeoutSeconds,
  };
}

/**
 * `account.*`: `me` (the identity, for display and form prefill), `login` (the URL to log in
 * or step up at a level), `keepAlive` ("stay logged in") and `logout`. Every answer has its
 * output schema, so /openapi.json describes it exactly for non-TypeScript clients.
 */
export function createAccountRouter({ service }: AccountRouterOptions) {
  registerMessages(accountValidationMessages);
  const idle = service.sessions.idleTimeoutSeconds;
  return router({
    me: publicProcedure.output(meOutputSchema).query(async ({ ctx }): Promise<MeOutput> => {
      service.ensureCsrfCookie(ctx.request, ctx.response);
      const session = await service.current(ctx.request);
      if (!session) return null;
      return {
        identity: session.identity,
        displayName: identityDisplayName(session.identity),
        session: sessionInfo(session, idle),
      };
    }),
    login: publicProcedure
      .input(loginInputSchema)
      .output(loginOutputSchema)
      .mutation(
        ({ ctx, input }): Promise<LoginOutput> =>
          service.beginLogin({ ...input, locale: ctx.locale }, ctx.response),
      ),
    keepAlive: authedProcedure
      .output(keepAliveOutputSchema)
      .mutation(async ({ ctx }): Promise<KeepAliveOutput> => {
        const session = await service.keepAlive(ctx.request);
        return session ? sessionInfo(session, idle) : null;
      }),
    logout: publicProcedure
      .output(logoutOutputSchema)
      .mutation(({ ctx }): Promise<LogoutOutput> => service.logout(ctx.request, ctx.response)),
  });
}

export type AccountRouter = ReturnType<typeof createAccountRouter>;
