/** One answer of a choice question: the submitted code and its label (e.g. from a FIM code list). */
export interface ChoiceOption {
  value: string;
  label: string;
  hint?: string;
}

/** Options as a property, or as JSON in the `options` attribute for plain HTML pages. */
export const optionsConverter = {
  fromAttribute(value: string | null): ChoiceOption[] {
    if (!value) return [];
    try {
      const parsed = JSON.parse(value) as unknown;
      return Array.isArray(parsed)
        ? parsed.filter(
            (option): option is ChoiceOption =>
              typeof option === 'object' &&
              option !== null &&
              typeof (option as ChoiceOption).value === 'string',
          )
        : [];
    } catch {
      return [];
    }
  },
  toAttribute(value: ChoiceOption[]): string {
    return JSON.stringify(value);
  },
};
