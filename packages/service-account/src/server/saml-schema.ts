import { Worker } from 'node:worker_threads';
import { accountError } from '../errors.js';
import type { SchemaWorkerAnswer } from './saml-schema-worker.js';

// XSD validation of every SAML message before samlify trusts it (issue 17), by libxml2 compiled
// to WebAssembly (xmllint-wasm 5.3.0) in a small pool of worker threads. Each thread compiles
// the module once and validates each message in a fresh instance with a fresh 16–32 MiB memory
// (saml-schema-worker.ts), so no message leaves anything behind. xmllint-wasm's own
// validateXML started a thread, compiled the module and terminated the thread per message:
// 230–250 ms CPU each, about 8 SAML logins a second per server. The pool takes 11–15 ms CPU
// per validation of a BundID-shaped response, all threads counted (2026-12-04, 2 cores, load
// 4–5). The validator before both (node-xmllint 1.0.0, asm.js) kept 16 MB per call in the main
// thread for good: posting SAML responses to the login callback exhausted a server's memory.

const workerUrl = new URL(
  // The tests run the TypeScript sources (Node strips the types), the package runs dist.
  import.meta.url.endsWith('.ts') ? './saml-schema-worker.ts' : './saml-schema-worker.js',
  import.meta.url,
);

export interface SchemaWorkerPoolOptions {
  /** Threads at most; started on first use. */
  size?: number;
  /** A validation that takes longer terminates its thread and fails. */
  timeoutMs?: number;
  /** A thread is replaced after this many validations. */
  recycleAfter?: number;
  /** Starts one thread (the tests keep them to end one mid-validation). */
  createWorker?: () => Worker;
}

interface Thread {
  worker: Worker;
  validations: number;
  job?: {
    resolve: (answer: SchemaWorkerAnswer) => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout;
  };
}

/**
 * Threads that validate one message at a time each. A thread that hangs past the time limit is
 * terminated, one that dies is dropped, and both fail their validation; the next validation
 * starts a fresh thread. Idle threads are unref'd, so they never keep a process alive.
 */
export class SchemaWorkerPool {
  readonly #size: number;
  readonly #timeoutMs: number;
  readonly #recycleAfter: number;
  readonly #createWorker: () => Worker;
  readonly #threads = new Set<Thread>();
  readonly #idle: Thread[] = [];
  readonly #waiting: Array<(thread: Thread) => void> = [];

  constructor(options: SchemaWorkerPoolOptions = {}) {
    this.#size = options.size ?? 2;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    // Live memory does not grow with the validations (a thread's JS heap after gc: 4.6 MB after
    // 1,000 and after 6,000), but V8 keeps the heap it grew for the garbage (135 MB reserved)
    // and resident memory creeps up ≈ 5 MB per 1,000. Replacing a thread after 500 bounds that
    // and whatever libxml2 or V8 might leak, at one thread start (≈ 200 ms CPU) per 500, 0.4 ms
    // per validation.
    this.#recycleAfter = options.recycleAfter ?? 500;
    this.#createWorker = options.createWorker ?? (() => new Worker(workerUrl));
  }

  /** Threads running now (busy or idle). */
  get threads(): number {
    return this.#threads.size;
  }

  /** xmllint's answer for one message; rejects when its thread hung or died. */
  async validate(xml: string): Promise<SchemaWorkerAnswer> {
    const thread = await this.#acquire();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#retire(thread);
        reject(new Error(`SAML schema validation took longer than ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      thread.job = { resolve, reject, timer };
      // A validation under way keeps the process alive until it ends, an idle thread does not.
      thread.worker.ref();
      thread.worker.postMessage(xml);
    });
  }

  #acquire(): Promise<Thread> {
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#threads.size < this.#size) return Promise.resolve(this.#start());
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #start(): Thread {
    const thread: Thread = { worker: this.#createWorker(), validations: 0 };
    this.#threads.add(thread);
    thread.worker.unref();
    thread.worker.on('message', (answer: SchemaWorkerAnswer) => this.#answered(thread, answer));
    thread.worker.on('error', (error) => this.#died(thread, error));
    thread.worker.on('exit', (code) => this.#died(thread, new Error(`SAML schema worker exited (${code})`)));
    return thread;
  }

  #answered(thread: Thread, answer: SchemaWorkerAnswer): void {
    const job = thread.job;
    if (!job) return;
    this.#settle(thread);
    thread.validations++;
    // An aborted instance says nothing good about its thread: replace that too.
    if (answer.exitCode === -1 || thread.validations >= this.#recycleAfter) this.#retire(thread);
    else this.#release(thread);
    job.resolve(answer);
  }

  #died(thread: Thread, error: Error): void {
    if (!this.#threads.has(thread)) return;
    const job = thread.job;
    this.#settle(thread);
    this.#drop(thread);
    job?.reject(new Error(`SAML schema validation failed: ${error.message}`));
  }

  #settle(thread: Thread): void {
    if (thread.job) clearTimeout(thread.job.timer);
    thread.job = undefined;
    thread.worker.unref();
  }

  #release(thread: Thread): void {
    const next = this.#waiting.shift();
    if (next) next(thread);
    else this.#idle.push(thread);
  }

  #retire(thread: Thread): void {
    this.#settle(thread);
    this.#drop(thread);
    void thread.worker.terminate();
  }

  /** Forgets a thread; a waiting validation gets a fresh one in its place. */
  #drop(thread: Thread): void {
    this.#threads.delete(thread);
    const idleAt = this.#idle.indexOf(thread);
    if (idleAt >= 0) this.#idle.splice(idleAt, 1);
    const next = this.#waiting.shift();
    if (next) next(this.#start());
  }
}

/**
 * At most `concurrency` validations at once (one per pool thread, each with its own heap), at
 * most `maxWaiting` more waiting; past that a message is refused at once, so a flood of posted
 * responses costs bounded memory and time instead of an ever longer wait.
 */
export class BoundedQueue {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.concurrency) {
      this.#running++;
    } else {
      if (this.#waiting.length >= this.maxWaiting) throw accountError('ACCOUNT_LOGIN_BUSY');
      // The finishing task hands its slot over, so #running stays counted for this one.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/** The validations of this process: two at once (the app servers have two cores), 32 waiting. */
export const samlSchemaQueue = new BoundedQueue(2, 32);
/** Their threads: as many as the queue runs at once. */
export const samlSchemaPool = new SchemaWorkerPool({ size: samlSchemaQueue.concurrency });

/** xmllint's exit codes for a message that is no XML or breaks the schema (libxml2 2.13). */
const refusedExitCodes = new Set([1, 2, 3, 4]);

/**
 * Validates one SAML message against the SAML 2.0 protocol schema; resolves `true` or rejects
 * (samlify's `setSchemaValidator` contract). A full queue rejects with ACCOUNT_LOGIN_BUSY.
 */
export function validateSamlSchema(
  xml: string,
  queue: BoundedQueue = samlSchemaQueue,
  pool: SchemaWorkerPool = samlSchemaPool,
): Promise<true> {
  return queue.run(async () => {
    const { exitCode, errors } = await pool.validate(xml);
    if (exitCode === 0) return true as const;
    // Only the first few lines: the message is the attacker's, its errors can be many.
    const detail = errors
      .filter((line) => !line.startsWith('message.xml fails to validate'))
      .slice(0, 3)
      .map((line) => line.replace(/^message\.xml:\d+: /, ''))
      .join('; ');
    if (refusedExitCodes.has(exitCode)) {
      throw new Error(`SAML message does not match the SAML 2.0 schema: ${detail}`);
    }
    throw new Error(`SAML message could not be validated (xmllint ${exitCode}): ${detail}`);
  });
}
