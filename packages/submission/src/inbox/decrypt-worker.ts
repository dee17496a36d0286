import { decryptSubmission, type EncryptedSubmission } from './decrypt.js';

/**
 * The decryption worker: receives the destination's CryptoKey (structured clone keeps it
 * non-extractable) and the ciphertexts, answers with the plaintexts (their buffers
 * transferred, not copied) and the verification report. Keeping this off the page's thread
 * keeps the inbox responsive while megabytes are decrypted and hashed, and keeps jose's JWE
 * code and the schema validator out of the page's bundle.
 */

export interface DecryptRequest {
  id: number;
  key: CryptoKey;
  submission: EncryptedSubmission;
}

/** The worker's global scope, as far as it is used (the DOM lib types `self` as a window). */
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<DecryptRequest>) => void): void;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event: MessageEvent<DecryptRequest>) => {
  const { id, key, submission } = event.data;
  decryptSubmission(key, submission).then(
    (result) => {
      const transfer: Transferable[] = result.attachments.map((a) => a.bytes.buffer);
      if (result.data) transfer.push(result.data.buffer);
      scope.postMessage({ id, result }, transfer);
    },
    (error: unknown) => {
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    },
  );
});
