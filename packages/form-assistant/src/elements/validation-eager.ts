import * as kit from './validation-kit.js';
import { installValidation } from './validation-loader.js';

// The whole kit in one file: validation is part of it, no chunk to fetch.
installValidation(kit);
