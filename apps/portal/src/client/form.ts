// Defines <efa-form> for the application pages (it loads the field elements its definition
// uses, each kind a chunk of its own, before the step renders) and <efa-login> for the
// login a service needs before its form; <efa-payment> for its fee loads with the check page
// (form-page/fee-step.ts). Then joins them on the
// page: the fee on the check page, the login again when the level is too low, and the status
// page once the submit gave a reference.
import '@efa-kit/form-assistant/form';
import '@efa-kit/service-account';
import { takeOverFirstStep } from './form-page/first-step.js';
import { setUpFormPage } from './form-page/setup.js';

for (const form of document.querySelectorAll('efa-form')) {
  // Before the form's first update (a microtask away): its definition is in the page.
  takeOverFirstStep(form);
  setUpFormPage(form);
}
