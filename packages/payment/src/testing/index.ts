export { type CheckoutAction, payAtCheckout } from './checkout-client.js';
export {
  ibanValid,
  type PaymentSimulator,
  type PaymentSimulatorOptions,
  type SimulatedTransaction,
  type SimulatorClient,
  startPaymentSimulator,
  testCards,
} from './simulator.js';
