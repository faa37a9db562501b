/**
 * Property: every file the library synthesizes is read by a strict YAML 1.1 reader (PyYAML's SafeLoader,
 * which refuses control characters and breaks on U+2028/U+2029 as Go's yaml.v2 does) and by `yaml` as
 * YAML 1.1. Arbitrary text (any UTF-16 code units) goes into every free-text field: synthesis may refuse
 * it, but what it writes must read. Random valid SLOs and the example app are read the same way.
 */
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { Sli, Slo, SloProps } from '../../src';
import { readWithPyYaml, synthAccepted, yamlProblems } from '../adversarial/corpus-harness';
import { sloProps } from '../helpers/random-slo-props';
import { synthesizeAppFiles } from '../helpers/synth';

const SEED = 20261206;
const TOTAL = 'http_requests_total{job="api"}';

/** Where arbitrary text goes: one SLO per field, so that one refused field does not hide the others. */
const FIELDS: ReadonlyArray<[string, (text: string) => Partial<SloProps>]> = [
  ['description', (text) => ({ description: text })],
  ['runbookUrl', (text) => ({ alerting: { runbookUrl: text } })],
  ['summary', (text) => ({ alerting: { summary: text } })],
  ['label value', (text) => ({ labels: { team: text } })],
  ['selector label value', (text) => ({ indicator: Sli.ratio({ errors: `http_requests_total{job=${JSON.stringify(text)}}`, total: TOTAL }) })],
  ['budget step description', (text) => ({ budgetPolicy: { steps: [{ remainingBelow: 0.5, action: 'review', description: text }] } })],
];

function build(props: Partial<SloProps>) {
  return (chart: Chart) => new Slo(chart, 'slo', {
    service: 'checkout', name: 'availability', target: 0.999, indicator: Sli.ratio({ errors: `${TOTAL.slice(0, -1)},code=~"5.."}`, total: TOTAL }), ...props,
  });
}

/** The synthesized files, or undefined when synthesis refused. */
function filesOrRefused(make: (chart: Chart) => void): string[] | undefined {
  try {
    return [...synthAccepted(make).files.values()];
  } catch (e) {
    if (/Validation failed/.test((e as Error).message)) return undefined;
    throw e;
  }
}

function unreadable(texts: readonly string[]): string[] {
  const pyyaml = readWithPyYaml(texts);
  return texts.flatMap((text, i) => [
    ...(pyyaml[i] ? [`PyYAML: ${pyyaml[i]}\n${text.slice(0, 300)}`] : []),
    ...(yamlProblems(text) ? [`yaml: ${yamlProblems(text)}`] : []),
  ]);
}

describe('every synthesized file reads with PyYAML (YAML 1.1) and yaml', () => {
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  test('arbitrary text in every free-text field: refused, or written so that every reader reads it', () => {
    // Code units, so lone surrogates, C0/C1 controls, U+2028/U+2029 and BOMs all turn up.
    const texts = fc.sample(fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.constantFrom('\u2028', '\u2029', '\u0085', '\ufeff', '\t', '\n', '{{', '}}', '"', '\\')), maxLength: 8 }), { seed: SEED, numRuns: 60 });
    const written: string[] = [];
    let refused = 0;
    for (const text of texts) {
      for (const [, props] of FIELDS) {
        const files = filesOrRefused(build(props(text)));
        if (files === undefined) refused++;
        else written.push(...files);
      }
    }
    // Both paths are exercised.
    expect(refused).toBeGreaterThan(0);
    expect(written.length).toBeGreaterThan(0);
    expect(unreadable(written)).toEqual([]);
  });

  test('random valid SLOs', () => {
    const written = fc.sample(sloProps, { seed: SEED, numRuns: 40 })
      .flatMap((props) => filesOrRefused((chart) => new Slo(chart, 'slo', props)) ?? []);
    expect(written.length).toBeGreaterThan(0);
    expect(unreadable(written)).toEqual([]);
  });

  test('the example app', () => {
    expect(unreadable([...synthesizeAppFiles('../../examples/main').values()])).toEqual([]);
  });
});
