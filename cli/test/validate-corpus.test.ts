/**
 * `validate` agrees with `import`, file by file, over the public documents of test/fixtures/corpus: a
 * document that imports validates without errors, a refused one has errors at the same file, line and
 * field, and a broken document never hides another's findings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT, runCliInProcess } from './helpers/cli';
import { importSourcesPartially, readSourceTexts } from '../../src/documents/files-import';
import { tempDir } from '../../test/helpers/promtool';

const CORPUS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'corpus');

interface JsonFinding { readonly severity: string; readonly file: string; readonly line?: number; readonly message: string; readonly field?: string }

async function findingsOf(folder: string): Promise<JsonFinding[]> {
  const run = await runCliInProcess(['validate', '--format', 'json', path.join(CORPUS, folder)]);
  return JSON.parse(run.stdout).findings;
}

/** `file:line` of each refusal of the import, as the import names them. */
function refusedAt(folder: string): string[] {
  const result = importSourcesPartially(readSourceTexts([path.join(CORPUS, folder)]), { periodSeconds: 30 * 86400 });
  return [...new Set(result.refusals.map((r) => {
    const match = /^\w+: (\S+) document \d+(?:, item \d+)? \((?:[^()"]|"[^"]*")*\), line (\d+):/.exec(r);
    return match ? `${path.relative(CORPUS, match[1])}:${match[2]}` : r;
  }))].sort();
}

const errorsAt = (findings: JsonFinding[]) => [...new Set(findings.filter((f) => f.severity === 'error' && !/is also defined/.test(f.message))
  .map((f) => `${path.relative(CORPUS, path.resolve(PROJECT_ROOT, f.file))}:${f.line}`))].sort();

describe('validate agrees with import, file by file', () => {
  test.each(['sloth', 'pyrra', 'openslo'])('%s: errors exactly where the import refuses (duplicate SLOs aside)', async (folder) => {
    const findings = await findingsOf(folder);
    expect(errorsAt(findings)).toEqual(refusedAt(folder));
  });

  test('OpenSLO lists of objects are read item by item: go-sdk\'s examples give findings on their own lines, not "not a mapping"', async () => {
    const findings = await findingsOf('openslo/go-sdk-examples');
    expect(findings.map((f) => f.message).join('\n')).not.toMatch(/not a mapping/);
    // Its calendar week is read (with warnings); what is refused is the op.
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${path.basename(f.file)}:${f.line} ${f.field}`)).toEqual([
      'slos.yaml:40 spec.objectives[0].op',
    ]);

  });

  test('a refused document still shows what the importer noted about the rest of it', async () => {
    // GIVEN one Sloth spec with an SLO whose plugin is refused and one whose raw SLI is an approximation
    const dir = tempDir('validate-refused-notes');
    try {
      fs.writeFileSync(path.join(dir, 'slos.yaml'), [
        'version: prometheus/v1',
        'service: wifi',
        'slos:',
        '  - name: refused',
        '    objective: 99',
        '    plugins: { chain: [{ id: "example.com/unknown/v1" }] }',
        '    sli: { events: { error_query: \'sum(rate(e[{{.window}}]))\', total_query: \'sum(rate(t[{{.window}}]))\' } }',
        '    alerting: { name: Refused }',
        '  - name: raw',
        '    objective: 99',
        '    sli: { raw: { error_ratio_query: \'1 - avg_over_time(up[{{.window}}])\' } }',
        '    alerting: { name: Raw }',
        '',
      ].join('\n'));
      const run = await runCliInProcess(['validate', '--format', 'json', dir]);
      const findings: JsonFinding[] = JSON.parse(run.stdout).findings;
      // THEN the refusal is an error, and the raw SLI's approximation is still reported
      expect(findings).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringMatching(/example\.com\/unknown\/v1/) }));
      expect(findings).toContainEqual(expect.objectContaining({ severity: 'notice', message: expect.stringMatching(/averaged over time/) }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a Pyrra object the import refuses is an error of validate too (a name that is no DNS label)', async () => {
    const dir = tempDir('validate-pyrra');
    try {
      const text = fs.readFileSync(path.join(CORPUS, 'pyrra', 'slo-coredns-response-errors.yaml'), 'utf8').replace('name: coredns-response-errors', 'name: coredns.response-errors');
      fs.writeFileSync(path.join(dir, 'slo.yaml'), text);
      const run = await runCliInProcess(['validate', '--format', 'json', dir]);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).findings).toContainEqual(expect.objectContaining({ severity: 'error', line: 7, field: 'metadata.name', message: expect.stringMatching(/must be a lowercase DNS label/) }));
      expect(() => importSourcesPartially(readSourceTexts([dir]), { periodSeconds: 30 * 86400 }).refusals).not.toThrow();
      expect(importSourcesPartially(readSourceTexts([dir]), { periodSeconds: 30 * 86400 }).refusals).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
