import { describe, expect, it } from 'vitest';
import { fieldMessage, onePerPath, orderErrors, targetPath } from './step-errors.js';

const fields = ['holder.name', 'holder.address', 'dogs.0.dogName'];

describe('step errors', () => {
  it('finds the rendered field of a problem, the longest prefix', () => {
    expect(targetPath('holder.address.postcode', fields)).toBe('holder.address');
    expect(targetPath('holder.name', fields)).toBe('holder.name');
    expect(targetPath('dogs', fields)).toBe('dogs');
  });

  it('orders problems as the fields stand on the page, unknown ones last', () => {
    const ordered = orderErrors(
      [
        { path: 'dogs', message: 'count' },
        { path: 'dogs.0.dogName', message: 'dog' },
        { path: 'holder.name', message: 'name' },
      ],
      fields,
    );
    expect(ordered.map((error) => error.message)).toEqual(['name', 'dog', 'count']);
  });

  it('reports every missing part of a compound field at once, and one problem per path', () => {
    const errors = onePerPath(
      [
        { path: 'holder.address.street', message: 'Straße' },
        { path: 'holder.address.street', message: 'zu lang' },
        { path: 'holder.address.postcode', message: 'PLZ' },
        { path: 'holder.address.town', message: 'Ort' },
        { path: 'holder.name', message: 'Name' },
        { path: 'holder.name.familyName', message: 'Familienname' },
      ],
      fields,
    );
    expect(errors.map((error) => [error.field, error.message])).toEqual([
      ['holder.address', 'Straße'],
      ['holder.address', 'PLZ'],
      ['holder.address', 'Ort'],
      ['holder.name', 'Name'],
    ]);
    expect(fieldMessage(errors, 'holder.address')).toBe('Straße PLZ Ort');
    expect(fieldMessage(errors, 'dogs.0.dogName')).toBe('');
  });
});
