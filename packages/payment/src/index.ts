/**
 * `@efa-kit/payment`: the browser entry. Importing it registers `<efa-payment>`.
 * Server code is in `@efa-kit/payment/server`, the contract in `@efa-kit/payment/schema`,
 * the provider simulator in `@efa-kit/payment/testing`.
 */
export {
  EfaPaymentElement,
  type PaymentChangeDetail,
  type PaymentRedirectDetail,
} from './elements/efa-payment.js';
export { paymentMessages } from './messages/index.js';
