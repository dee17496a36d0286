// Defines <efa-form> for the application pages (it loads the field elements its definition
// uses, each kind a chunk of its own, before the step renders), <efa-login> for the
// login a service needs before its form, and <efa-payment> for its fee; then joins them on the
// page: the fee on the check page, the login again when the level is too low, and the status
// page once the submit gave a reference.
import '@efa-kit/form-assistant/form';
import '@efa-kit/service-account';
import '@efa-kit/payment';
import './account.css';
import './form.css';
import { setUpFormPage } from './form-page/setup.js';

for (const form of document.querySelectorAll('efa-form')) setUpFormPage(form);
