// Every page loads this entry: the state themes, the portal frame's styles, and the rule that
// browser state (drafts, the open payment) ends with the session on a shared device.
import { clearBrowserState } from '@efa-kit/core/client';
import '@efa-kit/theme/themes/sachsen.css';
import '@efa-kit/theme/themes/schleswig-holstein.css';
import './portal.css';

// Logout and the logged-out page answer with Clear-Site-Data: "storage"; a session that ends by
// inactivity (<efa-session-timeout> announces it) has no such answer, so the page clears what
// the person left behind itself.
document.addEventListener('efa-session-expire', () => clearBrowserState());
