export {
  type AuthoritySelectDetail,
  EfaJurisdictionFinderElement,
} from './elements/efa-jurisdiction-finder.js';
export { de as finderMessagesDe, type FinderMessageKey } from './messages/de.js';
export { en as finderMessagesEn } from './messages/en.js';
