// The citizen's mailbox (/postfach): status track, messages and decisions of her applications.
import '@efa-kit/submission/elements/efa-mailbox.js';
