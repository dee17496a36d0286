import { describe, expect, it } from 'vitest';
import { blueprintForms } from '../blueprints/index.js';
import type { FormDefinition } from '../schema/definition.js';
import { firstStepControlId, firstStepHtml } from './first-step-html.js';

const dog = blueprintForms()['dog-registration'] as FormDefinition;

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
        `<input id="${id}" [^>]*name="G99777000010.F99777000011" data-path="G99777000010.F99777000011" type="text"[^>]*autocomplete="family-name" required data-carry>`,
      ),
    );
    // Optional fields say so, as the field elements do; day, month and year for a date.
    expect(markup).toContain('Telefonnummer (optional)</label>');
    expect(markup).toContain('type="tel"');
    expect(markup).toContain('<legend>Geburtsdatum</legend>');
    expect(markup).toContain('>Tag</label>');
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

  it('writes nothing for a step it cannot write as the form would (a choice, a repeat, a condition)', () => {
    const forms = blueprintForms();
    for (const definition of Object.values(forms) as FormDefinition[]) {
      const markup = firstStepHtml(definition, 'de');
      const step = JSON.stringify(definition.steps[0]);
      const unsupported =
        /"kind":"(choice|yesNo|multiChoice|address|personName|file|multiline)"|"repeat"|"showWhen"/.test(
          step,
        );
      expect(markup === undefined).toBe(
        unsupported || definition.steps.some((candidate) => candidate.showWhen !== undefined),
      );
    }
  });
});
