/**
 * The standing adversarial corpus of the library (issue 12): refused inputs name `[chart/<path>] <prop>:`
 * and write nothing; accepted inputs come out as files PyYAML and `yaml` read, whose rules promtool
 * accepts and whose alert text Prometheus renders as documented. The cases are in ./library-cases.ts.
 */
import { checkRuleFiles, readWithPyYaml, renderAnnotations, synthAccepted, synthRefused, Synthesized, yamlProblems } from './corpus-harness';
import { ACCEPTED, REFUSED } from './library-cases';

/** Quiet the library's warnings (targets above 0.9999 and the like); they are not what is tested here. */
beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('refused: the error names the construct path and the prop, and no file is written', () => {
  test('the corpus holds at least 200 library cases', () => {
    const count = [...Object.values(REFUSED), ...Object.values(ACCEPTED)].reduce((sum, cases) => sum + cases.length, 0);
    expect(count).toBeGreaterThanOrEqual(200);
  });

  for (const [category, cases] of Object.entries(REFUSED)) {
    describe(category, () => {
      test.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
        const { message, files } = synthRefused(c.build);
        const line = new RegExp(`^\\s*\\[chart/${escapeRegExp(c.path)}\\] ${escapeRegExp(c.field)}: (.*)$`, 'm');
        expect(message).toMatch(line);
        if (c.message) expect(message.match(line)![1]).toMatch(c.message);
        expect(files).toEqual([]);
      });
    });
  }
});

describe('accepted: promtool, PyYAML and yaml accept the output; alert text renders as documented', () => {
  const all = Object.entries(ACCEPTED).flatMap(([category, cases]) => cases.map((c) => ({ category, ...c })));
  const outputs = new Map<string, Synthesized>();
  let promtool: Array<string | undefined> = [];
  let pyyaml: Array<string | undefined> = [];
  let texts: Array<{ name: string; text: string }> = [];

  beforeAll(() => {
    const quiet = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      for (const c of all) outputs.set(c.name, synthAccepted(c.build));
    } finally {
      quiet.mockRestore();
    }
    // One promtool run and one python3 run for the whole corpus.
    promtool = checkRuleFiles(all.map((c) => ({ groups: outputs.get(c.name)!.groups })));
    texts = all.flatMap((c) => [...outputs.get(c.name)!.files.entries()].map(([file, text]) => ({ name: `${c.name}: ${file}`, text })));
    pyyaml = readWithPyYaml(texts.map((t) => t.text));
  });

  test.each(all.map((c, index) => [`${c.category}: ${c.name}`, index] as const))('%s: promtool check rules', (_, index) => {
    expect(outputs.get(all[index].name)!.groups.length).toBeGreaterThan(0);
    expect(promtool[index]).toBeUndefined();
  });

  test('every synthesized file is read by PyYAML (strict YAML 1.1) and by yaml as YAML 1.1', () => {
    expect(texts.length).toBeGreaterThan(all.length - 1);
    const problems = texts.flatMap((t, i) => [
      ...(pyyaml[i] ? [`${t.name}: PyYAML: ${pyyaml[i]}`] : []),
      ...(yamlProblems(t.text) ? [`${t.name}: yaml: ${yamlProblems(t.text)}`] : []),
    ]);
    expect(problems).toEqual([]);
  });

  test('alert annotations render as documented (literal fields as written, templates expanded)', () => {
    const items = all.flatMap((c) => (c.renders ?? []).map((expected) => {
      const rules = outputs.get(c.name)!.groups.flatMap((g: any) => g.rules);
      const alert = rules.find((r: any) => r.alert && (expected.alert ?? r.alert) === r.alert && r.annotations?.[expected.annotation] !== undefined);
      if (!alert) throw new Error(`${c.name}: no alert has the annotation ${expected.annotation}`);
      return { text: alert.annotations[expected.annotation] as string, rendered: expected.rendered };
    }));
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(renderAnnotations(items)).toBe('');
  });
});
