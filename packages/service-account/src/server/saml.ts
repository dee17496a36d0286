import { randomUUID } from 'node:crypto';
import { isEfaError, parseTrustLevel, satisfiesTrustLevel, type TrustLevel, toStorkQaa } from '@efa-kit/core';
import * as samlify from 'samlify';
import { accountError } from '../errors.js';
import type { Identity } from '../schema/identity.js';
import {
  type AttributeMapping,
  attributesReader,
  bundIdAttributeNames,
  bundIdMapping,
  mapIdentity,
} from '../schema/mappings.js';
import {
  defaultSamlStatusCodes,
  type LoginFailureCode,
  loginFailure,
  samlSecondTierCode,
} from './login-failures.js';
import type { LoginProvider } from './providers.js';
import { validateSamlSchema } from './saml-schema.js';

// Every SAML message is validated against the SAML 2.0 XSDs before it is trusted: xmllint
// compiled to WebAssembly, so no Java and no native build are needed; each validation in a
// fresh WebAssembly instance on one of two worker threads, at most two at once (saml-schema.ts,
// issue 17).
samlify.setSchemaValidator({ validate: (xml: string) => validateSamlSchema(xml) });

const { binding } = samlify.Constants.namespace;
/** Why a SAML response with a DTD was refused (the cause of its ACCOUNT_LOGIN_FAILED). */
export const samlDtdRefused = 'SAML response with a DTD (DOCTYPE or ENTITY) refused before parsing';
const transient = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

export interface SamlProviderConfig {
  protocol: 'saml';
  name: string;
  /** The identity provider's SAML metadata (XML), with its signing certificate and SSO URL. */
  idpMetadata: string;
  /** This portal's SAML entity id. */
  spEntityId: string;
  /** PEM private key and certificate that sign AuthnRequests. */
  signingKey: string;
  signingCert: string;
  /** PEM private key and certificate for encrypted assertions (the signing pair when absent). */
  encryptionKey?: string;
  encryptionCert?: string;
  /** Attribute names; BundID's OIDs by default. */
  mapping?: AttributeMapping;
  /** `AuthnContextClassRef` for a level; STORK-QAA levels by default. */
  authnContextClassRefs?: Partial<Record<TrustLevel, string>>;
  /** `minimum` asks for at least the level; BundID documents `exact`. */
  authnContextComparison?: 'minimum' | 'exact';
  /** BundID's AKDB request extension: display name and OnlineServiceId (BMI-ID). */
  bundId?: {
    onlineServiceId: string;
    organizationDisplayName: string;
    requestedAttributes?: readonly string[];
  };
  /** XML signature algorithm of the IdP; RSA-SHA256 by default. */
  signatureAlgorithm?: string;
  /** Tolerated clock difference in seconds; 60 by default. */
  clockSkewSeconds?: number;
  /**
   * The provider's own second-level status codes and what they mean to the citizen, over
   * `defaultSamlStatusCodes` (e.g. its code for a locked account).
   */
  statusCodes?: Readonly<Record<string, LoginFailureCode>>;
}

function escapeXml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const defaultRequestedAttributes = [
  bundIdAttributeNames.bPK2,
  bundIdAttributeNames.givenName,
  bundIdAttributeNames.surname,
  bundIdAttributeNames.birthName,
  bundIdAttributeNames.birthdate,
  bundIdAttributeNames.placeOfBirth,
  bundIdAttributeNames.nationality,
  bundIdAttributeNames.postalAddress,
  bundIdAttributeNames.postalCode,
  bundIdAttributeNames.localityName,
  bundIdAttributeNames.country,
  bundIdAttributeNames.mail,
  bundIdAttributeNames.eidCitizenQaaLevel,
  bundIdAttributeNames.legacyPostkorbHandle,
];

/**
 * A SAML 2.0 service provider for BundID-style identity providers, on samlify: signed
 * AuthnRequests (redirect binding) with the requested STORK-QAA level and the AKDB extension,
 * encrypted and signed assertions on the POST binding, and the checks samlify leaves to the
 * caller (InResponseTo, audience, issuer, a validity window that must be present, level).
 */
export class SamlServiceProvider implements LoginProvider {
  readonly name: string;
  readonly protocol = 'saml' as const;
  readonly sp: ReturnType<typeof samlify.ServiceProvider>;
  readonly idp: ReturnType<typeof samlify.IdentityProvider>;
  readonly #skewMs: number;

  constructor(
    readonly options: SamlProviderConfig,
    readonly acsUrl: string,
  ) {
    this.name = options.name;
    this.#skewMs = (options.clockSkewSeconds ?? 60) * 1000;
    this.sp = samlify.ServiceProvider({
      entityID: options.spEntityId,
      authnRequestsSigned: true,
      wantAssertionsSigned: true,
      isAssertionEncrypted: true,
      privateKey: options.signingKey,
      signingCert: options.signingCert,
      encPrivateKey: options.encryptionKey ?? options.signingKey,
      encryptCert: options.encryptionCert ?? options.signingCert,
      requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      nameIDFormat: [transient],
      assertionConsumerService: [{ Binding: binding.post, Location: acsUrl }],
      clockDrifts: [-this.#skewMs, this.#skewMs],
    });
    this.idp = samlify.IdentityProvider({
      metadata: options.idpMetadata,
      wantAuthnRequestsSigned: true,
      // samlify reads "assertions must be encrypted" from the IdP entity when parsing.
      isAssertionEncrypted: true,
      // The algorithm the IdP's signatures must use; samlify's default would be RSA-SHA1.
      requestSignatureAlgorithm:
        options.signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    });
  }

  /** This portal's SP metadata, for registration at the identity provider. */
  metadata(): string {
    return this.sp.getMetadata();
  }

  #requestXml(id: string, level: TrustLevel): string {
    const o = this.options;
    const classRef = o.authnContextClassRefs?.[level] ?? toStorkQaa(level);
    const destination = String(this.idp.entityMeta.getSingleSignOnService('redirect'));
    const extension = o.bundId
      ? `<samlp:Extensions><akdb:AuthenticationRequest xmlns:akdb="https://www.akdb.de/request/2018/09" Version="2"><akdb:RequestedAttributes>${(
          o.bundId.requestedAttributes ?? defaultRequestedAttributes
        )
          .map((name) => `<akdb:RequestedAttribute Name="${escapeXml(name)}" RequiredAttribute="false"/>`)
          .join(
            '',
          )}</akdb:RequestedAttributes><akdb:DisplayInformation><classic-ui:Version xmlns:classic-ui="https://www.akdb.de/request/2018/09/classic-ui/v1"><classic-ui:OrganizationDisplayName>${escapeXml(o.bundId.organizationDisplayName)}</classic-ui:OrganizationDisplayName><classic-ui:OnlineServiceId>${escapeXml(o.bundId.onlineServiceId)}</classic-ui:OnlineServiceId></classic-ui:Version></akdb:DisplayInformation></akdb:AuthenticationRequest></samlp:Extensions>`
      : '';
    return (
      `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${escapeXml(destination)}" ForceAuthn="true" ProtocolBinding="${binding.post}" AssertionConsumerServiceURL="${escapeXml(this.acsUrl)}">` +
      `<saml:Issuer>${escapeXml(o.spEntityId)}</saml:Issuer>${extension}` +
      `<samlp:NameIDPolicy Format="${transient}" AllowCreate="true"/>` +
      `<samlp:RequestedAuthnContext Comparison="${o.authnContextComparison ?? 'minimum'}"><saml:AuthnContextClassRef>${escapeXml(classRef)}</saml:AuthnContextClassRef></samlp:RequestedAuthnContext>` +
      '</samlp:AuthnRequest>'
    );
  }

  async start(level: TrustLevel, options: { relayState: string }) {
    const id = `_${randomUUID()}`;
    const request = this.sp.createLoginRequest(this.idp, 'redirect', {
      relayState: options.relayState,
      customTagReplacement: () => ({ id, context: this.#requestXml(id, level) }),
    });
    // The AuthnRequest ID is what the response must name in InResponseTo.
    return { url: new URL(request.context), state: id, nonce: '-', codeVerifier: '-' };
  }

  async finish(
    callback: { url: URL; form?: URLSearchParams },
    checks: { state: string; requestedLevel: TrustLevel },
  ): Promise<{ identity: Identity; idToken: string | null }> {
    const samlResponse = callback.form?.get('SAMLResponse');
    if (!samlResponse) throw accountError('ACCOUNT_LOGIN_FAILED');
    // libxml2 (the schema validator) reads a DTD and tries to load its external entities before
    // samlify checks anything (found by fuzzing, issue 17): no SAML message has a DTD, refuse first.
    if (/<!(DOCTYPE|ENTITY)/i.test(Buffer.from(samlResponse, 'base64').toString('utf8'))) {
      throw accountError('ACCOUNT_LOGIN_FAILED', undefined, { cause: new Error(samlDtdRefused) });
    }
    let extract: Record<string, unknown>;
    try {
      const result = await this.sp.parseLoginResponse(this.idp, 'post', {
        body: { SAMLResponse: samlResponse, RelayState: callback.form?.get('RelayState') ?? '' },
      });
      extract = result.extract as Record<string, unknown>;
    } catch (cause) {
      // The schema validator's queue was full: say so, it is no failed login.
      if (isEfaError(cause) && cause.code === 'ACCOUNT_LOGIN_BUSY') throw cause;
      const text = String(cause instanceof Error ? cause.message : cause);
      // A failed status says why; anything else (a bad signature, a broken response) failed.
      throw loginFailure(
        { ...defaultSamlStatusCodes, ...this.options.statusCodes },
        samlSecondTierCode(text),
        checks.requestedLevel,
        cause,
      );
    }
    const response = extract.response as { inResponseTo?: string } | undefined;
    const audience = ([] as unknown[]).concat(extract.audience ?? []);
    const conditions = extract.conditions as { notBefore?: string; notOnOrAfter?: string } | undefined;
    const now = Date.now();
    const notBefore = conditions?.notBefore ? Date.parse(conditions.notBefore) : Number.NaN;
    const notOnOrAfter = conditions?.notOnOrAfter ? Date.parse(conditions.notOnOrAfter) : Number.NaN;
    if (
      response?.inResponseTo !== checks.state ||
      !audience.includes(this.options.spEntityId) ||
      extract.issuer !== this.idp.entityMeta.getEntityID() ||
      // samlify skips the window when Conditions are absent; a bearer assertion without one
      // could be replayed forever, so it is refused.
      Number.isNaN(notOnOrAfter) ||
      now >= notOnOrAfter + this.#skewMs ||
      (!Number.isNaN(notBefore) && now < notBefore - this.#skewMs)
    ) {
      throw accountError('ACCOUNT_LOGIN_FAILED');
    }
    const attributes = (extract.attributes ?? {}) as Record<string, string | string[]>;
    const identity = mapIdentity(this.options.mapping ?? bundIdMapping, attributesReader(attributes), {
      issuer: String(extract.issuer),
    });
    if (!identity) throw accountError('ACCOUNT_LOGIN_FAILED');
    if (!satisfiesTrustLevel(identity.trustLevel, checks.requestedLevel)) {
      throw accountError('ACCOUNT_LEVEL_TOO_LOW', {
        required: checks.requestedLevel,
        actual: identity.trustLevel,
      });
    }
    return { identity, idToken: null };
  }

  /** BundID offers no single logout to relying parties; the session ends locally. */
  async endSessionUrl(): Promise<URL | undefined> {
    return undefined;
  }

  levelOf(value: string): TrustLevel | undefined {
    return parseTrustLevel(value);
  }
}
