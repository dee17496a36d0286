// The citizen's mailbox (/postfach): status track, messages and decisions of her applications.
import './submission.css';
import '@efa-kit/submission/elements/efa-mailbox.js';
