/**
 * Corpus: input nested deeper than the CLI reads (flow, block, compact sequences, JSON), alone and
 * across files, through every command that reads files. Each is a clean finding (validate, exit 1) or
 * a one-line input error (exit 3) naming the file, never a stack overflow, an abort or exit 70; and
 * deep-looking text that is only text (in strings, block scalars, comments) is read as usual.
 */
import { CorpusCase, deepBlockYaml, deepFlowYaml, runCorpus } from './corpus';
import { vectorAnswer } from '../helpers/hostile-prometheus';

const DEEP = 1000;
const NESTED = 'nested more than 200 levels deep';
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepCompactSequence = (depth: number) => `${'- '.repeat(depth)}x\n`;

const cases: CorpusCase[] = [
  { name: 'validate: flow nesting 1000 deep', args: ['validate', 'deep.yaml'], files: { 'deep.yaml': deepFlowYaml(DEEP) }, code: 1, message: '', stdout: `deep.yaml:1: error: the file is ${NESTED} (at line 1)` },
  { name: 'validate: block nesting 1000 deep', args: ['validate', 'deep.yaml'], files: { 'deep.yaml': deepBlockYaml(DEEP) }, code: 1, message: '', stdout: `deep.yaml:200: error: the file is ${NESTED}` },
  { name: 'validate: compact sequences 1000 deep', args: ['validate', 'deep.yaml'], files: { 'deep.yaml': deepCompactSequence(DEEP) }, code: 1, message: '', stdout: NESTED },
  { name: 'validate: JSON 1000 deep', args: ['validate', 'deep.json'], files: { 'deep.json': deepJson(DEEP) }, code: 1, message: '', stdout: `deep.json:1: error: the file is ${NESTED}` },
  { name: 'validate: two files 1000 deep, both reported', args: ['validate', 'a.yaml', 'b.yaml'], files: { 'a.yaml': deepFlowYaml(DEEP), 'b.yaml': deepFlowYaml(DEEP) }, code: 1, message: '', stdout: `b.yaml:1: error: the file is ${NESTED}` },
  { name: 'validate: 100 000 deep', args: ['validate', 'deep.yaml'], files: { 'deep.yaml': deepFlowYaml(100_000) }, code: 1, message: '', stdout: NESTED },
  { name: 'validate: deep in the second document: the finding names its line', args: ['validate', 'deep.yaml'], files: { 'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n${deepFlowYaml(DEEP)}` }, code: 1, message: '', stdout: 'deep.yaml:6: error' },
  { name: 'validate: a directory with a deep file next to a good one', args: ['validate', 'dir'], files: { 'dir/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', 'dir/b.yaml': deepBlockYaml(DEEP) }, code: 1, message: '', stdout: '2 files, 1 document' },
  { name: 'validate: 150 levels are read', args: ['validate', 'deep.yaml'], files: { 'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: ${'{a: '.repeat(150)}1${'}'.repeat(150)}\n` }, code: 0, message: '', absent: [NESTED] },
  { name: 'validate: just under the bound is read', args: ['validate', 'deep.yaml'], files: { 'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: ${'{a: '.repeat(196)}1${'}'.repeat(196)}\n` }, code: 0, message: '', absent: [NESTED] },
  { name: 'plan: just under the bound is read', args: ['plan', '--base', 'deep.yaml', 'deep.yaml'], files: { 'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: ${'{a: '.repeat(196)}1${'}'.repeat(196)}\n` }, code: 0, message: '', stdout: 'No changes' },
  { name: 'validate: brackets in a quoted string are text', args: ['validate', 'text.yaml'], files: { 'text.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: "${'['.repeat(DEEP)}"\n  b: '${'{'.repeat(DEEP)}'\n` }, code: 0, message: '', absent: [NESTED] },
  { name: 'validate: brackets in a block scalar are text', args: ['validate', 'text.yaml'], files: { 'text.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: |\n    ${'['.repeat(DEEP)}\n    ${'{'.repeat(DEEP)}\n` }, code: 0, message: '', absent: [NESTED] },
  { name: 'validate: brackets in comments are text', args: ['validate', 'text.yaml'], files: { 'text.yaml': `# ${'['.repeat(DEEP)}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a # ${'{'.repeat(DEEP)}\n` }, code: 0, message: '', absent: [NESTED] },
  { name: 'plan: a deep base', args: ['plan', '--base', 'deep.yaml', 'ok.yaml'], files: { 'deep.yaml': deepFlowYaml(DEEP), 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' }, code: 3, message: `deep.yaml: is ${NESTED} (at line 1)` },
  { name: 'plan: two deep files', args: ['plan', '--base', 'a.yaml', 'b.yaml'], files: { 'a.yaml': deepBlockYaml(DEEP), 'b.yaml': deepFlowYaml(DEEP) }, code: 3, message: NESTED },
  { name: 'verify: deep manifests', args: ['verify', 'deep.yaml', '--prometheus-url', '{URL}'], files: { 'deep.yaml': deepFlowYaml(DEEP) }, answer: () => vectorAnswer([]), code: 3, message: `deep.yaml: is ${NESTED}` },
  { name: 'status --manifests: deep manifests', args: ['status', '--manifests', 'deep.yaml', '--prometheus-url', '{URL}'], files: { 'deep.yaml': deepCompactSequence(DEEP) }, answer: () => vectorAnswer([]), code: 3, message: `deep.yaml: is ${NESTED}` },
  { name: 'generate: a deep inventory', args: ['generate', 'inventory.json', '-o', 'slos.ts'], files: { 'inventory.json': deepJson(DEEP) }, code: 3, message: `inventory.json: is ${NESTED}`, notWritten: ['slos.ts'] },
  { name: 'generate: a deep list inside a valid inventory', args: ['generate', 'inventory.json'], files: { 'inventory.json': `{"apiVersion":"cdk8s-slo.io/v1alpha1","kind":"ServiceInventory","services":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}` }, code: 3, message: NESTED },
  { name: 'discover: a deep services file (JSON)', args: ['discover', '--services-file', 'services.json', '-o', 'inventory.json'], files: { 'services.json': deepJson(DEEP) }, code: 3, message: `services.json: is ${NESTED}`, notWritten: ['inventory.json'] },
  { name: 'discover: a deep services file (YAML)', args: ['discover', '--services-file', 'services.yaml'], files: { 'services.yaml': deepBlockYaml(DEEP) }, code: 3, message: `services.yaml: is ${NESTED}` },
];

runCorpus('input nesting', cases);
