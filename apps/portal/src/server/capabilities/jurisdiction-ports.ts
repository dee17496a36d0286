import { type LiveIndex, normalize } from '@efa-kit/jurisdiction-finder/server';
import type { PortalPorts, ResponsibleAuthority } from '../capability.js';
import { portalError } from '../errors.js';

type Authority = ReturnType<LiveIndex['current']['authoritiesFor']>[number];

/** An authority as the receipt and the delivery name it: address and contact lines. */
function responsible(authority: Authority): ResponsibleAuthority {
  const postal = authority.addresses.find((address) => address.type === '006') ?? authority.addresses[0];
  const address = postal
    ? [
        [postal.street, postal.houseNumber].filter(Boolean).join(' ') ||
          (postal.postOfficeBox ? `Postfach ${postal.postOfficeBox}` : ''),
        [postal.postcode, postal.town].filter(Boolean).join(' '),
      ]
        .filter(Boolean)
        .join('\n')
    : '';
  const contact = [authority.phone, authority.email, authority.web].filter(Boolean).join('\n');
  return {
    id: authority.id,
    name: authority.name,
    ...(address ? { address } : {}),
    ...(contact ? { contact } : {}),
  };
}

/** The finder's own normalization (umlauts, accents), with punctuation and spaces folded. */
const normalizeName = (value: string) =>
  normalize(value)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * The finder's answers for the procedure: the authority responsible for a service at the
 * applicant's address (from the form, checked on the server), never an authority the browser
 * names. A postcode shared by several municipalities is settled by the town the applicant gave.
 */
export function jurisdictionPorts(
  index: LiveIndex,
): Pick<PortalPorts, 'responsibleAuthority' | 'authoritiesFor'> {
  return {
    async responsibleAuthority(leikaKey, place) {
      const postcode = place.postcode?.trim() ?? '';
      if (!/^\d{5}$/.test(postcode)) throw portalError('PORTAL_PLACE_UNKNOWN', { postcode: postcode || '–' });
      const current = index.current;
      let result = current.resolve(leikaKey, postcode);
      if (result.status === 'ambiguous') {
        const wanted = normalizeName(place.municipality ?? '');
        const candidate = result.candidates.find(
          (c) => normalizeName(c.name) === wanted || normalizeName(c.name).split(' ')[0] === wanted,
        );
        if (!candidate) {
          throw portalError('PORTAL_PLACE_AMBIGUOUS', {
            postcode,
            candidates: result.candidates.map((c) => c.name).join(', '),
          });
        }
        result = current.resolve(leikaKey, candidate.ars);
      }
      if (result.status !== 'found') {
        const service = result.service.name;
        const where = result.status === 'none' ? result.place.name : postcode;
        throw portalError('PORTAL_NO_AUTHORITY', { service, place: where });
      }
      const [first] = result.matches;
      if (!first)
        throw portalError('PORTAL_NO_AUTHORITY', { service: result.service.name, place: result.place.name });
      return responsible(first.authority);
    },

    async authoritiesFor(leikaKey) {
      return index.current.authoritiesFor(leikaKey).map(responsible);
    },
  };
}
