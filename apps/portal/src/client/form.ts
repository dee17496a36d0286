// Defines <efa-form> and the field elements for the application pages.
import '@efa-kit/form-assistant';
