// Defines <efa-form> and the field elements for the application pages, and <efa-login> for
// the login a service needs before its form.
import '@efa-kit/form-assistant';
import '@efa-kit/service-account';
import './account.css';
