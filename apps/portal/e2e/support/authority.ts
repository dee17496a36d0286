import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactDecrypt, importJWK, type JWK } from 'jose';

/** What the portal in development mode tells an authority's test system (delivery-service.json). */
export interface DeliveryServiceAccess {
  url: string;
  tokenUrl: string;
  subscriber: { clientId: string; secret: string };
  destinationPrivateJwk: JWK;
  /** Destination ids by Leistungsschlüssel and authority id. */
  destinations: Record<string, Record<string, string>>;
}

export function deliveryServiceAccess(secretsDir: string): DeliveryServiceAccess {
  return JSON.parse(readFileSync(join(secretsDir, 'delivery-service.json'), 'utf8')) as DeliveryServiceAccess;
}

export interface PulledSubmission {
  submissionId: string;
  destinationId: string;
  caseId: string;
  serviceType: { identifier: string; name?: string };
  /** Decrypted metadata, data (its bytes and parsed) and every attachment's bytes by id. */
  metadata: Metadata;
  dataBytes: Uint8Array;
  data: unknown;
  attachments: Map<string, Uint8Array>;
  /** The JWE headers as the destination received them. */
  headers: Array<{ alg?: string; enc?: string; zip?: string }>;
}

export interface Metadata {
  contentStructure: {
    data: {
      hash: { type: string; content: string };
      submissionSchema: { schemaUri: string; mimeType: string };
    };
    attachments: Array<{
      attachmentId: string;
      hash: { type: string; content: string };
      purpose: string;
      mimeType: string;
      filename: string;
    }>;
  };
  publicServiceType: { identifier: string; name?: string };
  additionalReferenceInfo: { senderReference: string; applicationDate: string };
  paymentInformation?: { transactionReference: string; grossAmount: number; status: string };
  authenticationInformation?: unknown[];
}

/**
 * The authority's side, as its system (the Fachverfahren) would do it: a token with the
 * subscriber's client credentials, the list of submissions of its destinations, each
 * submission and its attachments, decrypted with the destination's private key.
 */
export class AuthoritySystem {
  private token = '';

  constructor(private readonly access: DeliveryServiceAccess) {}

  private async authorize(): Promise<string> {
    if (this.token) return this.token;
    const response = await fetch(this.access.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.access.subscriber.clientId,
        client_secret: this.access.subscriber.secret,
      }),
    });
    if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
    this.token = ((await response.json()) as { access_token: string }).access_token;
    return this.token;
  }

  async get(path: string): Promise<Response> {
    return fetch(`${this.access.url.replace(/\/$/, '')}${path}`, {
      headers: { authorization: `Bearer ${await this.authorize()}` },
    });
  }

  private async json<T>(path: string): Promise<T> {
    const response = await this.get(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** The submissions waiting at a destination (or at all of the subscriber's). */
  async list(
    destinationId?: string,
  ): Promise<Array<{ submissionId: string; destinationId: string; caseId: string }>> {
    const query = destinationId ? `?destinationId=${destinationId}&limit=500` : '?limit=500';
    return (
      await this.json<{
        submissions: Array<{ submissionId: string; destinationId: string; caseId: string }>;
      }>(`/v1/submissions${query}`)
    ).submissions;
  }

  async pull(submissionId: string): Promise<PulledSubmission> {
    const key = await importJWK(this.access.destinationPrivateJwk, 'RSA-OAEP-256');
    const headers: PulledSubmission['headers'] = [];
    const decrypt = async (jwe: string) => {
      const { plaintext, protectedHeader } = await compactDecrypt(jwe, key);
      headers.push(protectedHeader);
      return plaintext;
    };
    const submission = await this.json<{
      submissionId: string;
      destinationId: string;
      caseId: string;
      serviceType: { identifier: string; name?: string };
      attachments: string[];
      encryptedMetadata: string;
      encryptedData: string;
    }>(`/v1/submissions/${submissionId}`);
    const metadata = JSON.parse(
      new TextDecoder().decode(await decrypt(submission.encryptedMetadata)),
    ) as Metadata;
    const dataBytes = await decrypt(submission.encryptedData);
    const attachments = new Map<string, Uint8Array>();
    for (const id of submission.attachments) {
      const response = await this.get(`/v1/submissions/${submissionId}/attachments/${id}`);
      if (response.status !== 200) throw new Error(`attachment ${id}: ${response.status}`);
      attachments.set(id, await decrypt(await response.text()));
    }
    return {
      submissionId: submission.submissionId,
      destinationId: submission.destinationId,
      caseId: submission.caseId,
      serviceType: submission.serviceType,
      metadata,
      dataBytes,
      data: JSON.parse(new TextDecoder().decode(dataBytes)),
      attachments,
      headers,
    };
  }
}
