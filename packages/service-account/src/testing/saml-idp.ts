import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TrustLevel } from '@efa-kit/core';
import * as samlify from 'samlify';
// Importing the SP module installs the XSD validator samlify requires on both sides.
import '../server/saml.js';
import { escapeHtml, page } from './html.js';
import {
  bundIdAttributesFor,
  type DevErrorCase,
  devLoginMethods,
  type TestIdentity,
  testIdentities,
} from './identities.js';
import { attackerCert, attackerKey, idpCert, idpKey } from './saml-keys.js';

const { binding } = samlify.Constants.namespace;

/** Ways to make a response that a correct service provider must refuse (security tests). */
export interface SamlTamper {
  /** Sign with a key the service provider does not know. */
  wrongSignature?: boolean;
  audience?: string;
  inResponseTo?: string;
  /** Shift the validity window, in seconds (negative: already expired). */
  shiftSeconds?: number;
  /** Send the assertion signed but not encrypted. */
  plaintext?: boolean;
  /** Leave out the Conditions element entirely. */
  noConditions?: boolean;
  /** Report this level instead of the method's. */
  level?: TrustLevel;
  /** Answer with this SAML status (e.g. AuthnFailed when the user cancels). */
  status?: string;
}

export interface SamlTestIdentityProvider {
  url: string;
  entityId: string;
  /** IdP metadata for the service provider's configuration. */
  metadata: string;
  /** Answers a redirect-binding AuthnRequest URL with the form fields the browser would post. */
  respond(
    requestUrl: string | URL,
    choice: { identity: string; method: string },
    tamper?: SamlTamper,
  ): Promise<{ action: string; SAMLResponse: string; RelayState: string }>;
  close(): Promise<void>;
}

/**
 * What a test identity's failure looks like in SAML: the status codes the service provider maps
 * by default (`defaultSamlStatusCodes`), as a state's provider would send its own.
 */
const failureStatus: Record<DevErrorCase, string> = {
  'account-locked': 'urn:efa-kit:saml:status:AccountLocked',
  'document-expired': 'urn:efa-kit:saml:status:DocumentExpired',
  'provider-error': 'urn:efa-kit:saml:status:Unavailable',
};

const xmlEscape = (v: string) =>
  v.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * A SAML 2.0 identity provider in the BundID style for tests, on samlify's IdP side: verifies
 * the signed AuthnRequest, shows a login page, and answers with a signed, encrypted assertion
 * carrying BundID attributes by OID, the transient NameID and the achieved STORK-QAA level.
 */
export async function startSamlTestIdentityProvider(options: {
  /** The service provider's metadata (from `SamlServiceProvider.metadata()`), or a function to get it lazily. */
  spMetadata: string | (() => string);
  identities?: readonly TestIdentity[];
  port?: number;
}): Promise<SamlTestIdentityProvider> {
  const identities = options.identities ?? testIdentities;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${url}/idp`;
  const settings = {
    entityID: entityId,
    signingCert: idpCert,
    isAssertionEncrypted: true,
    nameIDFormat: ['urn:oasis:names:tc:SAML:2.0:nameid-format:transient'],
    singleSignOnService: [{ Binding: binding.redirect, Location: `${url}/sso` }],
    requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    dataEncryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
    keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  };
  const idp = samlify.IdentityProvider({ ...settings, privateKey: idpKey, wantAuthnRequestsSigned: true });
  // Same entity id, a key the service provider has never seen: for the bad-signature attack.
  const forger = samlify.IdentityProvider({
    ...settings,
    privateKey: attackerKey,
    signingCert: attackerCert,
  });
  const plain = samlify.IdentityProvider({ ...settings, privateKey: idpKey, isAssertionEncrypted: false });
  const sp = () =>
    samlify.ServiceProvider({
      metadata: typeof options.spMetadata === 'string' ? options.spMetadata : options.spMetadata(),
    });

  async function parseRequest(requestUrl: URL) {
    const query = Object.fromEntries(requestUrl.searchParams);
    const octetString = requestUrl.search
      .slice(1)
      .split('&')
      .filter((p) => !p.startsWith('Signature='))
      .join('&');
    return idp.parseLoginRequest(sp(), 'redirect', { query, octetString });
  }

  async function respond(
    requestUrl: string | URL,
    choice: { identity: string; method: string },
    tamper: SamlTamper = {},
  ) {
    const target = new URL(requestUrl);
    const request = await parseRequest(target);
    const identity = identities.find((i) => i.id === choice.identity);
    const method = devLoginMethods.find((m) => m.id === choice.method);
    if (!identity || !method) throw new Error('Unknown identity or method');
    const level = tamper.level ?? method.level;
    const serviceProvider = sp();
    const spEntityId = serviceProvider.entityMeta.getEntityID();
    const acs = String(serviceProvider.entityMeta.getAssertionConsumerService('post'));
    const inResponseTo =
      tamper.inResponseTo ?? String((request.extract as { request?: { id?: string } }).request?.id ?? '');
    const now = new Date(Date.now() + (tamper.shiftSeconds ?? 0) * 1000);
    const later = new Date(now.getTime() + 5 * 60 * 1000);
    const attributes = Object.entries(bundIdAttributesFor(identity, level))
      .map(
        ([name, value]) =>
          `<saml:Attribute Name="${xmlEscape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue xsi:type="xs:string">${xmlEscape(value)}</saml:AttributeValue></saml:Attribute>`,
      )
      .join('');
    const status =
      tamper.status ??
      (identity.error ? failureStatus[identity.error] : 'urn:oasis:names:tc:SAML:2.0:status:Success');
    const failed = status !== 'urn:oasis:names:tc:SAML:2.0:status:Success';
    const responseId = `_${randomUUID()}`;
    const stamp = now.toISOString();
    const statusXml = failed
      ? `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="${status}"/></samlp:StatusCode></samlp:Status>`
      : '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>';
    const conditions = tamper.noConditions
      ? ''
      : `<saml:Conditions NotBefore="${stamp}" NotOnOrAfter="${later.toISOString()}"><saml:AudienceRestriction><saml:Audience>${xmlEscape(tamper.audience ?? spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`;
    const assertion = failed
      ? ''
      : `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${stamp}"><saml:Issuer>${xmlEscape(entityId)}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">_${randomUUID()}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${later.toISOString()}" Recipient="${xmlEscape(acs)}" InResponseTo="${xmlEscape(inResponseTo)}"/></saml:SubjectConfirmation></saml:Subject>${conditions}<saml:AuthnStatement AuthnInstant="${stamp}" SessionIndex="_${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>${level === 'high' ? 'STORK-QAA-Level-4' : level === 'substantial' ? 'STORK-QAA-Level-3' : 'STORK-QAA-Level-1'}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion>`;
    const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${stamp}" Destination="${xmlEscape(acs)}" InResponseTo="${xmlEscape(inResponseTo)}"><saml:Issuer>${xmlEscape(entityId)}</saml:Issuer>${statusXml}${assertion}</samlp:Response>`;
    const signer = tamper.wrongSignature ? forger : tamper.plaintext ? plain : idp;
    const relayState = target.searchParams.get('RelayState') ?? '';
    // A failed status carries no assertion to sign; IdPs send it as it is.
    if (failed)
      return { action: acs, SAMLResponse: Buffer.from(xml).toString('base64'), RelayState: relayState };
    const result = await signer.createLoginResponse(
      serviceProvider,
      request as unknown as Parameters<typeof idp.createLoginResponse>[1],
      'post',
      {},
      {
        relayState,
        customTagReplacement: () => ({ id: responseId, context: xml }),
      },
    );
    return { action: acs, SAMLResponse: result.context, RelayState: relayState };
  }

  function send(res: ServerResponse, status: number, html: string) {
    res
      .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(html);
  }

  async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    (async () => {
      const here = new URL(req.url ?? '/', url);
      if (here.pathname === '/sso' && req.method === 'GET') {
        await parseRequest(here); // refuses unsigned or forged requests before showing anything
        const options = identities
          .filter((i) => i.kind === 'person')
          .map((i) => `<option value="${escapeHtml(i.id)}">${escapeHtml(i.label)}</option>`)
          .join('');
        const methods = devLoginMethods
          .filter((m) => m.id !== 'company-account')
          .map(
            (m, index) =>
              `<div class="option"><input type="radio" name="method" id="m-${m.id}" value="${m.id}"${index === 0 ? ' checked' : ''}><label for="m-${m.id}">${escapeHtml(m.label.de)}<span>${escapeHtml(m.hint.de)}</span></label></div>`,
          )
          .join('');
        return send(
          res,
          200,
          page(
            'de',
            'Anmelden mit BundID (Test)',
            `<h1>Anmelden mit BundID (Test)</h1><form method="post" action="/sso/login"><input type="hidden" name="request" value="${escapeHtml(here.toString())}"><fieldset><legend>Wie möchten Sie sich ausweisen?</legend>${methods}</fieldset><label for="identity">Testidentität</label><select id="identity" name="identity">${options}</select><div class="actions"><button class="primary" type="submit">Anmelden</button><button class="secondary" type="submit" name="cancel" value="1">Abbrechen</button></div></form>`,
          ),
        );
      }
      if (here.pathname === '/sso/login' && req.method === 'POST') {
        const form = await readForm(req);
        const cancel = form.get('cancel') === '1';
        const answer = await respond(
          form.get('request') ?? '',
          { identity: form.get('identity') ?? '', method: form.get('method') ?? '' },
          cancel ? { status: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed' } : {},
        );
        return send(
          res,
          200,
          page(
            'de',
            'Weiterleitung',
            `<h1>Weiterleitung zum Portal</h1><form method="post" action="${escapeHtml(answer.action)}"><input type="hidden" name="SAMLResponse" value="${escapeHtml(answer.SAMLResponse)}"><input type="hidden" name="RelayState" value="${escapeHtml(answer.RelayState)}"><div class="actions"><button class="primary" type="submit">Weiter</button></div></form>`,
          ),
        );
      }
      send(res, 404, page('de', 'Nicht gefunden', '<h1>Nicht gefunden</h1>'));
    })().catch((error: unknown) => {
      if (!res.headersSent)
        send(res, 400, page('de', 'Fehler', `<h1>Fehler</h1><p>${escapeHtml(String(error))}</p>`));
    });
  });

  return {
    url,
    entityId,
    metadata: idp.getMetadata(),
    respond,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
