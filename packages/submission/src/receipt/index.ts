/**
 * Accessible PDF documents of a submission: the citizen's receipt and the application PDF
 * that travels to the authority as FIT-Connect attachment purpose `form`. Node only.
 */
export { renderApplicationPdf } from './application-pdf.js';
export { receiptError } from './errors.js';
export { preloadReceiptFonts } from './fonts.js';
export { formatBerlinInstant, formatFileSize } from './format.js';
export { type ReceiptMessageKey, receiptMessages, translateReceipt } from './messages.js';
export { renderReceiptPdf } from './receipt-pdf.js';
export {
  type ApplicationView,
  applicationViewSchema,
  type DeliveryStatus,
  deliveryStatuses,
  type ReceiptView,
  receiptViewSchema,
} from './view.js';
