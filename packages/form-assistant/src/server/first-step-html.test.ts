import { describe, expect, it } from 'vitest';
import { blueprintForms } from '../blueprints/index.js';
import type { FormDefinition, Item } from '../schema/definition.js';
import { firstStepControlId, firstStepHtml } from './first-step-html.js';

const dog = blueprintForms()['dog-registration'] as FormDefinition;
const housing = blueprintForms()['housing-benefit'] as FormDefinition;

describe('firstStepHtml', () => {
  it('writes the dog registration step 1 with every label, hint reference and answer path', () => {
    const markup = firstStepHtml(dog, 'de') ?? '';
    expect(markup).toContain('<h2>Halterin oder Halter</h2>');
    expect(markup).toContain('Schritt 1 von 5');
    expect(markup).toContain('Das dauert etwa 10 Minuten.');
    const id = firstStepControlId('G99777000010.F99777000011');
    expect(markup).toContain(`<label for="${id}">Familienname</label>`);
    expect(markup).toMatch(
      new RegExp(
        `<input id="${id}" [^>]*name="G99777000010.F99777000011" data-path="G99777000010.F99777000011" data-control="control" type="text"[^>]*autocomplete="family-name" required>`,
      ),
    );
    // Optional fields say so, as the field elements do; the phone is required while no e-mail
    // address is given (requiredWhen), as <efa-form> shows it for the empty answers it starts with.
    expect(markup).toContain('E-Mail-Adresse (optional)</label>');
    expect(markup).toMatch(/>Telefonnummer<\/label>[\s\S]*?type="tel"[^>]* required[ >]/);
    // Day, month and year for a date, each handed over to the date element's input of that id.
    expect(markup).toContain('<legend>Geburtsdatum</legend>');
    expect(markup).toContain('>Tag</label>');
    expect(markup).toContain('data-control="day"');
    // The group that repeats the step heading is not titled twice.
    expect(markup.match(/Halterin oder Halter/g)).toHaveLength(1);
    // No button: without the script the page cannot check or send anything.
    expect(markup).not.toContain('<button');
  });

  it('writes English when the page is English', () => {
    const markup = firstStepHtml(dog, 'en') ?? '';
    expect(markup).toContain('Step 1 of 5');
    expect(markup).toContain('>Family name</label>');
  });

  it('escapes what the definition says', () => {
    const definition = structuredClone(dog) as FormDefinition;
    const group = definition.steps[0]?.groups[0];
    if (group?.kind !== 'group' || group.items[0]?.kind === 'group') throw new Error('shape');
    const field = group.items[0];
    if (!field || field.kind === 'static') throw new Error('shape');
    field.label = { de: '<img src=x onerror=alert(1)> & "Name"' };
    const markup = firstStepHtml(definition, 'de') ?? '';
    expect(markup).not.toContain('<img');
    expect(markup).toContain('&#60;img src=x onerror=alert(1)&#62; &#38; &#34;Name&#34;');
  });

  it('writes the housing benefit step 1: name and address as fieldsets with a label per part, the select with its options', () => {
    const markup = firstStepHtml(housing, 'de') ?? '';
    expect(markup).toContain('<h2>Antragstellende Person</h2>');
    expect(markup).toContain('Schritt 1 von 7');
    // The name: one group named by its legend, given and family name labelled inside it; each
    // part names the answer path and the id of the name element's input it stands for.
    const name = fieldsetOf(markup, 'Name');
    expect(name).toContain(
      `<label for="${firstStepControlId('applicant.name')}-givenNames">Vorname(n)</label>`,
    );
    expect(name).toMatch(
      /<input id="efa-pre-applicant-name-givenNames" [^>]*name="applicant\.name\.givenNames" data-path="applicant\.name" data-control="givenNames" type="text" maxlength="120" autocomplete="given-name" required>/,
    );
    expect(name).toMatch(
      />Familienname<\/label><input [^>]*data-control="familyName"[^>]*autocomplete="family-name" required>/,
    );
    expect(name.match(/<input /g)).toHaveLength(2);
    // The address: five parts in the address element's order, with its widths and tokens; the
    // addition optional (its label says so, and it is not required).
    const address = fieldsetOf(markup, 'Anschrift der Wohnung, für die Sie Wohngeld beantragen');
    expect([...address.matchAll(/data-control="(\w+)"/g)].map((match) => match[1])).toEqual([
      'street',
      'houseNumber',
      'addition',
      'postcode',
      'town',
    ]);
    expect(address).toMatch(/>Adresszusatz \(optional\)<\/label><input [^>]*autocomplete="address-line2">/);
    expect(address).toMatch(
      /<input [^>]*efa-prerender__control--5"[^>]*data-control="postcode" type="text" inputmode="numeric" maxlength="5" autocomplete="postal-code" required>/,
    );
    // The town with an empty suggestion list, as the element has it (a combobox to a screen reader).
    const town = firstStepControlId('applicant.address');
    expect(address).toMatch(
      new RegExp(
        `efa-prerender__control--20"[^>]*data-control="town"[^>]* list="${town}-town-list" autocomplete="address-level2" required>`,
      ),
    );
    expect(address).toContain(`<datalist id="${town}-town-list"></datalist></fieldset>`);
    // The marital status: a labelled select with the element's empty first option.
    const id = firstStepControlId('applicant.maritalStatus');
    expect(markup).toContain(
      `<label for="${id}">Familienstand</label><select id="${id}" class="efa-prerender__control" name="applicant.maritalStatus" data-path="applicant.maritalStatus" data-control="control" autocomplete="off" required><option value="">Bitte auswählen</option><option value="ledig">ledig</option><option value="verheiratet">verheiratet</option>`,
    );
    expect(markup.match(/<option /g)).toHaveLength(7);
    // The birthday's parts with the bday-* tokens the date element gives them.
    expect(markup).toMatch(/data-control="year"[^>]*autocomplete="bday-year" required>/);
    expect(markup).not.toContain('<button');
  });

  it('writes the housing benefit step 1 in English', () => {
    const markup = firstStepHtml(housing, 'en') ?? '';
    expect(markup).toContain('<legend>Name</legend>');
    expect(markup).toContain('>Given name(s)</label>');
    expect(markup).toContain('>Address line 2 (optional)</label>');
    expect(markup).toContain('>Town or city</label>');
    expect(markup).toContain('<option value="">Please select</option><option value="ledig">single</option>');
    expect(markup).toContain('>Phone number for questions (optional)</label>');
  });

  it('ties the hint of a compound field to its fieldset, as the element does', () => {
    const definition = withFirstItems(housing, (items) => {
      const field = items[0];
      if (field?.kind !== 'personName') throw new Error('shape');
      field.hint = { de: 'Wie im Ausweis', en: 'As in your ID' };
      field.required = false;
    });
    const markup = firstStepHtml(definition, 'de') ?? '';
    const id = firstStepControlId('applicant.name');
    expect(markup).toContain(
      `<fieldset class="efa-prerender__field" aria-describedby="${id}-hint"><legend>Name (optional)</legend><div class="efa-prerender__hint" id="${id}-hint">Wie im Ausweis</div>`,
    );
    // An optional name: its parts are not required either.
    expect(fieldsetOf(markup, 'Name (optional)')).not.toContain(' required');
  });

  it('writes a radio choice and a yes/no question as a group of labelled radios', () => {
    const definition = withFirstItems(housing, (items) => {
      items.splice(
        0,
        items.length,
        {
          kind: 'choice',
          id: 'kind',
          label: { de: 'Welches Wohngeld?', en: 'Which benefit?' },
          hint: { de: 'Eines von beiden', en: 'One of both' },
          required: true,
          display: 'radio',
          options: [
            { value: 'miete', label: { de: 'Mietzuschuss', en: 'Rent allowance' } },
            {
              value: 'lasten',
              label: { de: 'Lastenzuschuss', en: 'Burden allowance' },
              hint: { de: 'Für Eigentum', en: 'For owners' },
            },
          ],
        },
        { kind: 'yesNo', id: 'before', label: { de: 'Schon einmal beantragt?', en: 'Applied before?' } },
      );
    });
    const markup = firstStepHtml(definition, 'de') ?? '';
    const id = firstStepControlId('applicant.kind');
    const choice = fieldsetOf(markup, 'Welches Wohngeld?');
    expect(markup).toContain(
      `<fieldset class="efa-prerender__field" aria-describedby="${id}-hint"><legend>Welches Wohngeld?</legend>`,
    );
    expect(choice).toContain(
      `<input id="${id}-o0" type="radio" name="applicant.kind" value="miete" data-path="applicant.kind" data-control="o0" required><label for="${id}-o0">Mietzuschuss</label>`,
    );
    // An option's hint is in its label and describes its radio, as in the radio group.
    expect(choice).toContain(
      `<input id="${id}-o1" type="radio" name="applicant.kind" value="lasten" data-path="applicant.kind" data-control="o1" required aria-describedby="${id}-o1-hint"><label for="${id}-o1">Lastenzuschuss<span class="efa-prerender__hint" id="${id}-o1-hint">Für Eigentum</span></label>`,
    );
    const yesNo = fieldsetOf(markup, 'Schon einmal beantragt? (optional)');
    expect(yesNo).toContain('class="efa-prerender__options efa-prerender__options--inline"');
    expect(yesNo).toMatch(
      /value="true" data-path="applicant\.before" data-control="o0"><label [^>]*>Ja<\/label>/,
    );
    expect(yesNo).toMatch(/value="false" [^>]*data-control="o1"><label [^>]*>Nein<\/label>/);
    expect(firstStepHtml(definition, 'en')).toContain('>Yes</label>');
  });

  it('writes nothing for a field the form would show filled in, locked or computed', () => {
    const patches: ((field: Record<string, unknown>) => void)[] = [
      (field) => {
        field.readOnly = true;
      },
      (field) => {
        field.defaultValue = 'Deutsch';
      },
      (field) => {
        field.valueFrom = { var: 'applicant.email' };
      },
    ];
    for (const patch of patches) {
      const definition = withFirstItems(housing, (items) => {
        const nationality = items.find((item) => item.id === 'nationality');
        if (!nationality) throw new Error('shape');
        patch(nationality as unknown as Record<string, unknown>);
      });
      expect(firstStepHtml(definition, 'de')).toBeUndefined();
    }
  });

  it('writes nothing for a step it cannot write as the form would (a multiple choice, a text area, a file, a repeat, a condition)', () => {
    const forms = blueprintForms();
    for (const definition of Object.values(forms) as FormDefinition[]) {
      const markup = firstStepHtml(definition, 'de');
      const step = JSON.stringify(definition.steps[0]);
      const unsupported = /"kind":"(multiChoice|file|multiline)"|"repeat"|"showWhen"/.test(step);
      expect(markup === undefined).toBe(
        unsupported || definition.steps.some((candidate) => candidate.showWhen !== undefined),
      );
    }
    // The housing benefit and the dog registration are written; the geothermal drilling asks for
    // a file on step 1.
    expect(firstStepHtml(housing, 'de')).toBeDefined();
    expect(firstStepHtml(forms['geothermal-drilling'] as FormDefinition, 'de')).toBeUndefined();
  });
});

/** The fieldset whose legend is `legend`, as written. */
function fieldsetOf(markup: string, legend: string): string {
  const at = markup.indexOf(`<legend>${legend}</legend>`);
  if (at === -1) throw new Error(`no fieldset "${legend}"`);
  const start = markup.lastIndexOf('<fieldset', at);
  return markup.slice(start, markup.indexOf('</fieldset>', at) + '</fieldset>'.length);
}

/** A copy of the definition with the items of step 1's first group changed. */
function withFirstItems(definition: FormDefinition, change: (items: Item[]) => void): FormDefinition {
  const copy = structuredClone(definition);
  const group = copy.steps[0]?.groups[0];
  if (group?.kind !== 'group') throw new Error('shape');
  change(group.items);
  return copy;
}
