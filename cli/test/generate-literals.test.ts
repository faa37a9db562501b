/** Inventory text written into generated TypeScript stays text: literals round-trip, comments never end early. */
import * as fc from 'fast-check';
import * as ts from 'typescript';
import { commentLines, tsKey, tsString } from '../src/generation/typescript-literals';

const TRICKY = ["'", '"', '`', '${x}', '*/', '/*', '\\', '\n', '\r\n', '\u2028', '\u2029', '\u0000', '\ufeff', '\ud800', '\udc00x', '😀', "'); process.exit(1); ('"];

/** Evaluates a TypeScript expression the way the generated app would be run (transpiled, then evaluated). */
function evaluate(expression: string): unknown {
  const js = ts.transpileModule(`module.exports = ${expression};`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: undefined as unknown };
  new Function('module', js)(module);
  return module.exports;
}

describe('TypeScript literals for inventory text', () => {
  test.each(TRICKY)('tsString(%j) evaluates back to the same text', (text) => {
    expect(evaluate(tsString(text))).toBe(text);
  });

  test('any string round-trips through tsString, and any key through tsKey', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (value, key) => {
      expect(evaluate(tsString(value))).toBe(value);
      const object = evaluate(`{ ${tsKey(key)}: 1 }`) as Record<string, number>;
      expect(Object.getOwnPropertyDescriptor(object, key)?.value).toBe(1);
    }), { numRuns: 300 });
    expect(Object.keys(evaluate(`{ ${tsKey('__proto__')}: 'x' }`) as object)).toEqual(['__proto__']);
  });

  test('comment lines hold no line terminator, so nothing after them becomes code', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const lines = commentLines(text);
      for (const line of lines) {
        expect(line).toMatch(/^\/\//);
        expect(line).not.toMatch(/[\n\r\u2028\u2029]/);
      }
      // The comment block followed by code compiles to just that code.
      expect(evaluate(`(${lines.join('\n')}\n42)`)).toBe(42);
    }), { numRuns: 300 });
  });

  test('long comments wrap on spaces with indented continuation lines', () => {
    const lines = commentLines(`${'word '.repeat(40)}end`, '', 50);
    expect(lines.every((line) => line.length <= 50)).toBe(true);
    expect(lines.slice(1).every((line) => line.startsWith('//   '))).toBe(true);
    expect(lines.join(' ').replace(/\/\/ +/g, '')).toBe(`${'word '.repeat(40)}end`);
  });
});
