import { fuzzProperty, fuzzTimeout, withinBudget } from '@efa-kit/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Condition,
  conditionOperators,
  conditionProblem,
  evaluate,
  holds,
  isCondition,
  referencedPaths,
} from '../conditions/index.js';

// Issue 17: conditions come with a form definition from anywhere. `conditionProblem` must
// judge any value without throwing; a value it accepts must evaluate against any data
// without throwing and within the budget (the interpreter promises "rejected on parse").

const path = fc.stringMatching(/^[A-Za-z0-9_.-]{0,20}$/);
const operator = fc.constantFrom(...conditionOperators);

/** Well-formed conditions of every operator, nested. */
const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.string({ maxLength: 12 }),
    ),
    fc.record({ var: fc.oneof(path, fc.tuple(path, tie('node'))) }) as fc.Arbitrary<Condition>,
    operator.chain((op) =>
      fc
        .oneof(tie('node'), fc.array(tie('node'), { maxLength: 4 }))
        .map((argument) => ({ [op]: op === 'var' ? 'a.b' : argument }) as Condition),
    ),
    fc.array(tie('node'), { maxLength: 4 }),
  ),
})).node;

/**
 * Data in the shape forms produce: nested objects and arrays of plain JSON, also hostile keys.
 * Application data always comes from JSON.parse, so objects have the ordinary prototype (a
 * null-prototype object, which fast-check's dictionary makes by default, cannot arrive).
 */
const data = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom('a', 'b', 'dogs', '__proto__', 'constructor', '0'),
    fc.jsonValue({ maxDepth: 3 }),
    { noNullPrototype: true },
  ),
);

describe('fuzz: condition expression language (issue 17)', () => {
  it(
    'any value is judged without throwing; an accepted one evaluates against any data',
    async () => {
      await fuzzProperty('form-assistant', 'condition arbitrary values', (runs) =>
        fc.assert(
          fc.property(
            fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.anything({ maxDepth: 4 })),
            data,
            (value, root) => {
              const problem = withinBudget(() => conditionProblem(value));
              expect(problem === undefined || typeof problem === 'string').toBe(true);
              if (problem === undefined) {
                withinBudget(() => evaluate(value as Condition, root, { today: '2026-12-03' }));
              }
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'generated well-formed conditions: accepted, evaluated, paths listed, without throwing',
    async () => {
      await fuzzProperty('form-assistant', 'condition well-formed evaluate', (runs) =>
        fc.assert(
          fc.property(condition, data, fc.nat(3), (node, root, item) => {
            expect(conditionProblem(node)).toBeUndefined();
            const scope = new Map([['dogs', item]]);
            withinBudget(() => {
              evaluate(node, root, { scope, today: '2026-12-03' });
              expect(typeof holds(node, root, { scope })).toBe('boolean');
              for (const p of referencedPaths(node)) expect(typeof p).toBe('string');
            });
          }),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'a path never reaches the prototype: "__proto__", "constructor" and friends read nothing',
    async () => {
      await fuzzProperty('form-assistant', 'condition var prototype isolation', (runs) =>
        fc.assert(
          fc.property(
            fc.array(
              fc.constantFrom(
                '__proto__',
                'constructor',
                'prototype',
                'toString',
                'valueOf',
                'hasOwnProperty',
              ),
              {
                minLength: 1,
                maxLength: 4,
              },
            ),
            fc.oneof(fc.constant({}), fc.constant([]), fc.constant('text')),
            (segments, root) => {
              expect(evaluate({ var: segments.join('.') }, root)).toBeUndefined();
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );

  it(
    'operators outside the fixed set are refused on parse, also deep inside',
    async () => {
      await fuzzProperty('form-assistant', 'condition unknown operator refused', (runs) =>
        fc.assert(
          fc.property(
            fc
              .string({ maxLength: 10 })
              .filter((name) => !(conditionOperators as readonly string[]).includes(name)),
            fc.nat(5),
            (name, depth) => {
              let node: unknown = { [name]: [1, 2] };
              for (let i = 0; i < depth; i++) node = { and: [true, node] };
              expect(isCondition(node)).toBe(false);
            },
          ),
          { numRuns: runs },
        ),
      );
    },
    fuzzTimeout(),
  );
});
