// Defines <efa-payment> for the fee page (its form styles come with layout.ts).
import '@efa-kit/payment';
