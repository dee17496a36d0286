import type { GermanAddress, PersonName } from '@efa-kit/core';

/** Value of an `address` field: a German address (core's, without the `kind` tag). */
export type AddressValue = Omit<GermanAddress, 'kind'>;

/** Value of a `personName` field. */
export type PersonNameValue = PersonName;

/**
 * One file of a `file` field. `ref` is the id the upload store gave it (`uploadId` of the
 * upload answer), `sha512` its hash; without an upload endpoint a file has neither.
 */
export interface FileValue {
  name: string;
  size: number;
  mediaType: string;
  ref?: string;
  sha512?: string;
}

/** The value a field of each kind holds. */
export interface FieldValueByKind {
  text: string;
  multiline: string;
  integer: number;
  decimal: number;
  money: number;
  date: string;
  yesNo: boolean;
  choice: string;
  multiChoice: string[];
  email: string;
  phone: string;
  iban: string;
  address: AddressValue;
  personName: PersonNameValue;
  file: FileValue[];
}

/**
 * Application data: keyed by group id at the top, then by the ids of the group's elements;
 * a repeatable group holds an array of such objects. Steps add no level.
 */
export type FormData = { [key: string]: FormValue };
export type FormValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | string[]
  | FileValue[]
  | AddressValue
  | PersonNameValue
  | FormData
  | FormData[];
