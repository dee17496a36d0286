// The floor of the kit's bundle: what the browser entry must carry before any element or
// assistant logic of its own. Lit (element, templates, css, directives), zod/mini with the
// constructors the generated validator uses, ibantools with the functions the IBAN field and
// the validator use, the German and English catalogues, and the theme. Bundled by
// bench-elements.mjs the way tools/size.mjs bundles the kit, to show what room is left.

import { coreMessages } from '@efa-kit/core';
import {
  buttonStyles,
  focusRing,
  formControlStyles,
  hostStyles,
  token,
  typography,
  visuallyHidden,
} from '@efa-kit/theme';
import { electronicFormatIBAN, isSEPACountry, isValidIBAN, validateIBAN } from 'ibantools';
import { css, html, LitElement, nothing } from 'lit';
import { Directive, directive } from 'lit/directive.js';
import { ref } from 'lit/directives/ref.js';
import * as z from 'zod/mini';
import { uiDe } from '../dist/messages/ui-de.js';
import { uiEn } from '../dist/messages/ui-en.js';
import { validationDe } from '../dist/messages/validation-de.js';
import { validationEn } from '../dist/messages/validation-en.js';

const validator = z.object({
  text: z.pipe(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(10), z.regex(/^a/)),
    z.transform((value) => value),
  ),
  count: z.optional(z.number().check(z.int(), z.gte(1), z.lte(3))),
  date: z.iso.date(),
  email: z.email(),
  yes: z.boolean(),
  list: z.array(z.unknown()),
  checked: z.string().check(
    z.refine(() => true),
    z.superRefine(() => undefined),
  ),
});

globalThis.benchFloor = {
  lit: [LitElement, html, css, nothing, Directive, directive, ref],
  theme: [buttonStyles, focusRing, formControlStyles, hostStyles, token, typography, visuallyHidden],
  iban: [electronicFormatIBAN, isSEPACountry, isValidIBAN, validateIBAN],
  catalogues: [coreMessages, uiDe, uiEn, validationDe, validationEn],
  validate: (value) => validator.safeParse(value).success,
};
