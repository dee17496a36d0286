import type { DecryptedSubmission, EncryptedSubmission } from './decrypt.js';

/** Starts the decryption worker; a bundler (Vite, esbuild, webpack 5) picks up this pattern. */
export function defaultDecryptWorker(): Worker {
  return new Worker(new URL('./decrypt-worker.js', import.meta.url), { type: 'module' });
}

export interface Decryptor {
  decrypt(key: CryptoKey, submission: EncryptedSubmission): Promise<DecryptedSubmission>;
  close(): void;
}

type Reply = { id: number; result: DecryptedSubmission } | { id: number; error: string };

/** Talks to one decryption worker; requests are matched to replies by id. */
export function createDecryptor(createWorker: () => Worker = defaultDecryptWorker): Decryptor {
  let worker: Worker | undefined;
  let next = 1;
  const pending = new Map<
    number,
    { resolve: (r: DecryptedSubmission) => void; reject: (e: Error) => void }
  >();
  const start = (): Worker => {
    if (worker) return worker;
    worker = createWorker();
    worker.addEventListener('message', (event: MessageEvent<Reply>) => {
      const waiting = pending.get(event.data.id);
      if (!waiting) return;
      pending.delete(event.data.id);
      if ('error' in event.data) waiting.reject(new Error(event.data.error));
      else waiting.resolve(event.data.result);
    });
    worker.addEventListener('error', (event) => {
      // A worker that fails to load or crashes fails every request waiting on it.
      for (const waiting of pending.values()) waiting.reject(new Error(event.message || 'worker failed'));
      pending.clear();
      worker?.terminate();
      worker = undefined;
    });
    return worker;
  };
  return {
    decrypt(key, submission) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        start().postMessage({ id, key, submission });
      });
    },
    close() {
      worker?.terminate();
      worker = undefined;
      for (const waiting of pending.values()) waiting.reject(new Error('closed'));
      pending.clear();
    },
  };
}
