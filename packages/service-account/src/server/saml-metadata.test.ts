import { describe, expect, it } from 'vitest';
import { startSamlTestIdentityProvider } from '../testing/saml-idp.js';
import { parseSamlIdpMetadata } from './saml-metadata.js';

const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
const redirect = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const post = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

describe('SAML IdP metadata', () => {
  it('reads the metadata samlify writes for the test identity provider', async () => {
    const idp = await startSamlTestIdentityProvider({ spMetadata: '' });
    try {
      const parsed = parseSamlIdpMetadata(idp.metadata);
      expect(parsed.entityId).toBe(`${idp.url}/idp`);
      expect(parsed.singleSignOn).toEqual([{ binding: redirect, location: `${idp.url}/sso` }]);
      expect(parsed.origins).toEqual([new URL(idp.url).origin]);
    } finally {
      await idp.close();
    }
  });

  it('reads prefixed elements, several endpoints and an EntitiesDescriptor, whatever the attribute order', () => {
    const xml = `<?xml version="1.0"?>
      <md:EntitiesDescriptor xmlns:md="${md}">
        <md:EntityDescriptor entityID="https://id.bund.example/idp">
          <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <md:SingleLogoutService Location="https://logout.bund.example/slo" Binding="${redirect}"/>
            <md:SingleSignOnService Location="https://id.bund.example/sso/post" Binding="${post}"/>
            <md:SingleSignOnService Binding="${redirect}" Location='https://id.bund.example/sso'/>
          </md:IDPSSODescriptor>
        </md:EntityDescriptor>
      </md:EntitiesDescriptor>`;
    const parsed = parseSamlIdpMetadata(xml);
    expect(parsed.entityId).toBe('https://id.bund.example/idp');
    expect(parsed.singleSignOn.map((e) => e.binding)).toEqual([post, redirect]);
    expect(parsed.singleLogout).toEqual([{ binding: redirect, location: 'https://logout.bund.example/slo' }]);
    expect(parsed.origins).toEqual(['https://id.bund.example', 'https://logout.bund.example']);
  });

  it.each([
    [
      'a DTD (entity expansion)',
      `<!DOCTYPE x [<!ENTITY a "aaaa">]><EntityDescriptor xmlns="${md}" entityID="x"/>`,
    ],
    ['broken XML', `<EntityDescriptor xmlns="${md}" entityID="x">`],
    ['no IdP descriptor', `<EntityDescriptor xmlns="${md}" entityID="x"/>`],
    [
      'a javascript: location',
      `<EntityDescriptor xmlns="${md}" entityID="x"><IDPSSODescriptor><SingleSignOnService Binding="${redirect}" Location="javascript:alert(1)"/></IDPSSODescriptor></EntityDescriptor>`,
    ],
    [
      'a Location only in a comment',
      `<EntityDescriptor xmlns="${md}" entityID="x"><IDPSSODescriptor><!-- <SingleSignOnService Binding="${redirect}" Location="https://evil.example/"/> --></IDPSSODescriptor></EntityDescriptor>`,
    ],
  ])('refuses %s with ACCOUNT_CONFIGURATION', (_name, xml) => {
    expect(() => parseSamlIdpMetadata(xml)).toThrow(
      expect.objectContaining({ code: 'ACCOUNT_CONFIGURATION' }),
    );
  });
});
