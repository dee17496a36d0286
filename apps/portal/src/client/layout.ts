// Every page loads this entry: the state themes, the portal's styles, and the rule that
// browser state (drafts, the open payment) ends with the session on a shared device.
// All of the portal's CSS is imported here, so every page has one small stylesheet (about
// 2.3 kB gzip), cached for the whole journey, instead of up to three render-blocking ones per
// page (Lighthouse, issue 17). The pages' rules are scoped by their own classes and come after
// the frame's, as they did when each page loaded its own.
import { clearBrowserState } from '@efa-kit/core/client';
import '@efa-kit/theme/themes/sachsen.css';
import '@efa-kit/theme/themes/schleswig-holstein.css';
import './portal.css';
import './account.css';
import './form.css';
import './payment.css';
import './submission.css';

// Logout and the logged-out page answer with Clear-Site-Data: "storage"; a session that ends by
// inactivity (<efa-session-timeout> announces it) has no such answer, so the page clears what
// the person left behind itself.
document.addEventListener('efa-session-expire', () => clearBrowserState());
