export { type EfaLoginChangeDetail, EfaLoginElement } from './elements/efa-login.js';
export { type EfaSessionTimeoutDetail, EfaSessionTimeoutElement } from './elements/efa-session-timeout.js';
