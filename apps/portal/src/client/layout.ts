// Every page loads this entry: the state themes and the portal frame's styles.
import '@efa-kit/theme/themes/sachsen.css';
import '@efa-kit/theme/themes/schleswig-holstein.css';
import './portal.css';
