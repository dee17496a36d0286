import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { accountError } from '../errors.js';

/** An endpoint of a SAML identity provider, as its metadata names it. */
export interface SamlEndpoint {
  binding: string;
  location: string;
}

/** What a host needs from a SAML identity provider's metadata besides what samlify reads. */
export interface SamlIdpMetadata {
  entityId: string;
  singleSignOn: SamlEndpoint[];
  singleLogout: SamlEndpoint[];
  /** Every origin the browser is sent to (SSO and SLO locations), for the Content-Security-Policy. */
  origins: string[];
}

const endpointTags = new Set([
  'EntityDescriptor',
  'IDPSSODescriptor',
  'SingleSignOnService',
  'SingleLogoutService',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Entities are not expanded and no DTD is read (refused below): no entity expansion attacks.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => endpointTags.has(name),
});

type Node = Record<string, unknown>;

function nodes(value: unknown): Node[] {
  return Array.isArray(value) ? value.filter((v): v is Node => typeof v === 'object' && v !== null) : [];
}

function endpoints(descriptors: Node[], tag: string): SamlEndpoint[] {
  return descriptors.flatMap((descriptor) =>
    nodes(descriptor[tag]).flatMap((endpoint) => {
      const binding = endpoint['@_Binding'];
      const location = endpoint['@_Location'];
      if (typeof binding !== 'string' || typeof location !== 'string') return [];
      try {
        const url = new URL(location);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') return [];
      } catch {
        return [];
      }
      return [{ binding, location }];
    }),
  );
}

function invalid(detail: string): never {
  throw accountError('ACCOUNT_CONFIGURATION', { detail: `SAML IdP metadata: ${detail}` });
}

/**
 * Reads a SAML identity provider's metadata (an `EntityDescriptor`, or the first of an
 * `EntitiesDescriptor`) with an XML parser, not a pattern: the entity id and the single sign-on
 * and logout endpoints. A document with a DTD is refused.
 */
export function parseSamlIdpMetadata(xml: string): SamlIdpMetadata {
  if (/<!DOCTYPE/i.test(xml)) invalid('a DTD is not accepted');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) invalid(`not well-formed XML (${valid.err.msg})`);
  const document = parser.parse(xml) as Node;
  const entities = document.EntitiesDescriptor as Node | undefined;
  const entity = nodes(document.EntityDescriptor)[0] ?? nodes(entities?.EntityDescriptor)[0];
  if (!entity) invalid('no EntityDescriptor');
  const entityId = entity['@_entityID'];
  if (typeof entityId !== 'string' || entityId === '') invalid('EntityDescriptor without entityID');
  const descriptors = nodes(entity.IDPSSODescriptor);
  if (descriptors.length === 0) invalid('no IDPSSODescriptor');
  const singleSignOn = endpoints(descriptors, 'SingleSignOnService');
  if (singleSignOn.length === 0) invalid('no SingleSignOnService with an http(s) Location');
  const singleLogout = endpoints(descriptors, 'SingleLogoutService');
  const origins = [...new Set([...singleSignOn, ...singleLogout].map((e) => new URL(e.location).origin))];
  return { entityId, singleSignOn, singleLogout, origins };
}
