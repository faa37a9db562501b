/** The non-negative-errors scenario of `non-negative-errors.ts` in `promtool test rules`. */
import { nonNegativeErrorsScenario } from './non-negative-errors';
import { expectScenario } from '../helpers/traffic';

describe('bad events are total − good clamped at zero (promtool test rules)', () => {
  test('a good side slightly above the total gives error rates and ratios of exactly 0; a normal one its ratio', () => {
    const { groups, test: testCase } = nonNegativeErrorsScenario();
    expectScenario(groups, testCase);
  });
});
