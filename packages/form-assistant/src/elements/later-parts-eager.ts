import * as parts from './later-parts.js';
import { laterParts } from './later-parts-loader.js';

// The whole kit in one file: the later parts are in it, no chunk to fetch.
laterParts.install(parts);
