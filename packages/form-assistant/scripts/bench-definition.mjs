// The bench's 300-field form (bench-elements.mjs, bench-ratios.mjs): the same definition in both.

/** 300 fields of every kind, in 30 groups of 10, on one step: the worst case a step can be. */
export function definition(fieldCount) {
  const options = [
    { value: 'a', label: { de: 'Antwort A', en: 'Answer A' } },
    { value: 'b', label: { de: 'Antwort B', en: 'Answer B' } },
    { value: 'c', label: { de: 'Antwort C', en: 'Answer C' } },
  ];
  const kinds = [
    (id) => ({ kind: 'text', id, label: { de: `Text ${id}` }, maxLength: 100 }),
    (id) => ({ kind: 'integer', id, label: { de: `Zahl ${id}` }, min: 0 }),
    (id) => ({ kind: 'money', id, label: { de: `Betrag ${id}` } }),
    (id) => ({ kind: 'date', id, label: { de: `Datum ${id}` }, max: 'today' }),
    (id) => ({ kind: 'choice', id, label: { de: `Auswahl ${id}` }, options }),
    (id) => ({ kind: 'yesNo', id, label: { de: `Ja/Nein ${id}` } }),
    (id) => ({ kind: 'email', id, label: { de: `E-Mail ${id}` } }),
    (id) => ({ kind: 'multiChoice', id, label: { de: `Mehrfach ${id}` }, options }),
    (id) => ({ kind: 'iban', id, label: { de: `IBAN ${id}` } }),
    (id) => ({ kind: 'multiline', id, label: { de: `Text ${id}` } }),
    (id) => ({ kind: 'address', id, label: { de: `Anschrift ${id}` } }),
    (id) => ({ kind: 'personName', id, label: { de: `Name ${id}` } }),
  ];
  const groups = [];
  for (let g = 0; g < fieldCount / 10; g++) {
    const items = [];
    for (let f = 0; f < 10; f++) {
      const n = g * 10 + f;
      items.push({ ...kinds[n % kinds.length](`f${n}`), required: n % 2 === 0 });
    }
    groups.push({ kind: 'group', id: `g${g}`, title: { de: `Abschnitt ${g + 1}` }, items });
  }
  return {
    format: 'efa-form/1',
    id: 'bench',
    version: '1.0.0',
    title: { de: 'Bench' },
    steps: [
      { id: 'all', title: { de: 'Alle Felder' }, groups },
      {
        id: 'end',
        title: { de: 'Ende' },
        groups: [{ kind: 'group', id: 'end', items: [{ kind: 'text', id: 'x', label: { de: 'X' } }] }],
      },
    ],
  };
}
