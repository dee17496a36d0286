import { execFileSync } from 'node:child_process';
import { generateKeyPair as generateKeyPairCallback, type KeyObject, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A throw-away PKI for the key tests, made with the `openssl` CLI (node:crypto reads
 * certificates but cannot issue them): a trusted root with an intermediate, an untrusted root
 * with its own intermediate, an intermediate without the CA flag, and leaf certificates for
 * one 4096-bit destination key. Certificates start now and the leaves live a year, so tests
 * move the clock to see expiry.
 */

const generateKeyPair = promisify(generateKeyPairCallback);

export interface RsaPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export async function rsaPair(bits: number): Promise<RsaPair> {
  return generateKeyPair('rsa', { modulusLength: bits });
}

/** The public JWK a destination would publish for its encryption key. */
export function encryptionJwk(pair: RsaPair, kid: string): Record<string, unknown> {
  const { kty, n, e } = pair.publicKey.export({ format: 'jwk' });
  return { kty, n, e, alg: 'RSA-OAEP-256', key_ops: ['wrapKey'], use: 'enc', kid };
}

export function signatureJwk(pair: RsaPair, kid: string): Record<string, unknown> {
  const { kty, n, e } = pair.publicKey.export({ format: 'jwk' });
  return { kty, n, e, alg: 'PS512', key_ops: ['verify'], use: 'sig', kid };
}

export interface TestPki {
  rootPem: string;
  otherRootPem: string;
  /** Leaf (destination key), intermediate, root. */
  validChain: string[];
  /** Leaf and intermediate only: the anchor itself is left out. */
  chainWithoutRoot: string[];
  /** Leaf followed by an intermediate that did not issue it. */
  brokenChain: string[];
  /** Leaf, intermediate and root of the untrusted hierarchy. */
  untrustedChain: string[];
  /** Leaf issued by a certificate that is not a CA. */
  notCaChain: string[];
  /** A valid chain whose leaf holds another key than the destination's. */
  otherKeyChain: string[];
  cleanup(): void;
}

function der(pem: string): string {
  return new X509Certificate(pem).raw.toString('base64');
}

export function createTestPki(destinationKey: KeyObject): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'efa-fit-connect-pki-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  writeFileSync(
    path('ca.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  writeFileSync(
    path('leaf.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  writeFileSync(path('destination.key'), destinationKey.export({ format: 'pem', type: 'pkcs8' }));

  const root = (name: string) =>
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '3650',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
  const issue = (name: string, issuer: string, ext: 'ca.ext' | 'leaf.ext', days: number, key?: string) => {
    const keyFile = key ?? `${name}.key`;
    if (!key) openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyFile);
    openssl('req', '-new', '-key', keyFile, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      String(days),
      '-sha256',
      '-extfile',
      ext,
    );
  };
  const pem = (name: string) => readFileSync(path(`${name}.pem`), 'utf8');

  root('Test Root');
  issue('Test Intermediate', 'Test Root', 'ca.ext', 1825);
  issue('Destination', 'Test Intermediate', 'leaf.ext', 365, 'destination.key');
  root('Other Root');
  issue('Other Intermediate', 'Other Root', 'ca.ext', 1825);
  issue('Destination via Other', 'Other Intermediate', 'leaf.ext', 365, 'destination.key');
  issue('Not a CA', 'Test Root', 'leaf.ext', 1825);
  issue('Destination via Not a CA', 'Not a CA', 'leaf.ext', 365, 'destination.key');
  issue('Someone Else', 'Test Intermediate', 'leaf.ext', 365);

  return {
    rootPem: pem('Test Root'),
    otherRootPem: pem('Other Root'),
    validChain: [der(pem('Destination')), der(pem('Test Intermediate')), der(pem('Test Root'))],
    chainWithoutRoot: [der(pem('Destination')), der(pem('Test Intermediate'))],
    brokenChain: [der(pem('Destination')), der(pem('Other Intermediate')), der(pem('Other Root'))],
    untrustedChain: [
      der(pem('Destination via Other')),
      der(pem('Other Intermediate')),
      der(pem('Other Root')),
    ],
    notCaChain: [der(pem('Destination via Not a CA')), der(pem('Not a CA')), der(pem('Test Root'))],
    otherKeyChain: [der(pem('Someone Else')), der(pem('Test Intermediate')), der(pem('Test Root'))],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
