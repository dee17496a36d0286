// Defines <efa-payment> for the fee page, with the page's form styles.
import '@efa-kit/payment';
import './payment.css';
