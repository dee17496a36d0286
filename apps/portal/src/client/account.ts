// Defines <efa-login> and <efa-session-timeout> for the account pages.
import '@efa-kit/service-account';
