// The page side of the inbox bench (bundled by bench-inbox.mjs): the element, the in-memory
// source and key store, the enrolment and the decryptor, as a page would load them.
import '../dist/inbox/efa-inbox.js';
import { createDecryptor, importKeyFile, memoryInboxSource, memoryKeyStore } from '../dist/inbox/index.js';

window.inboxBench = { createDecryptor, importKeyFile, memoryInboxSource, memoryKeyStore };
