/**
 * Corpus: terminal control characters from servers and files (escape sequences, C1 controls, bidi
 * overrides, carriage returns, line separators) are escaped in every text output: error messages,
 * tables, reports, findings and JSON alike. The runner checks that nothing raw is printed; each case
 * also checks that the text is still there, escaped.
 */
import { CorpusCase, RULE_MANIFEST, runCorpus } from './corpus';
import { CliRun } from '../helpers/cli';
import { HostileAnswer, SeenRequest, vectorAnswer } from '../helpers/hostile-prometheus';

const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const C1 = '\u009b31m';
const BIDI = '\u202egnp.exe';
const HOSTILE = `x${TITLE}${CLEAR}${C1}${BIDI}\r\u2028y`;
/** How HOSTILE reads once escaped (as JSON escapes it). */
const ESCAPED_TITLE = '\\u001b]0;pwned\\u0007';
const ESCAPED_BIDI = '\\u202egnp.exe';

const STATUS = ['status', '--prometheus-url', '{URL}'];
const apiError = (message: string): HostileAnswer => ({ status: 400, json: { status: 'error', errorType: 'bad_data', error: message } });
const series = (service: string, slo = 'availability') => vectorAnswer([
  { metric: { __name__: 'slo:objective:ratio', slo_service: service, slo_name: slo }, value: [1, '0.99'] },
  { metric: { __name__: 'slo:current_burn_rate:ratio', slo_service: service, slo_name: slo }, value: [1, '2'] },
]);
/** The JSON on stdout parses, and holds the hostile text exactly. */
const jsonKeepsText = (run: CliRun) => expect(JSON.stringify(JSON.parse(run.stdout))).toContain(JSON.stringify(HOSTILE).slice(1, -1));

const SERVICES = (label: string) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'cart', namespace: 'shop', labels: { team: label } }, spec: { selector: { app: 'cart' } } }] });
const CONFIG_MAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${JSON.stringify(name)}\ndata:\n  a: b\n`;

const cases: CorpusCase[] = [
  // Server error bodies, on stderr.
  { name: 'an API error with a title-setting sequence', args: STATUS, answer: () => apiError(`bad ${TITLE}`), code: 4, message: `bad_data: bad ${ESCAPED_TITLE}` },
  { name: 'an API error that clears the screen', args: STATUS, answer: () => apiError(CLEAR), code: 4, message: 'bad_data: \\u001b[2J\\u001b[H' },
  { name: 'an API error with a C1 control', args: STATUS, answer: () => apiError(C1), code: 4, message: 'bad_data: \\u009b31m' },
  { name: 'an API error with a bidi override', args: STATUS, answer: () => apiError(BIDI), code: 4, message: `bad_data: ${ESCAPED_BIDI}` },
  { name: 'an API error with a carriage return', args: STATUS, answer: () => apiError('fine\rfake line'), code: 4, message: 'bad_data: fine\\u000dfake line' },
  { name: 'an API error with a line separator', args: STATUS, answer: () => apiError('a\u2028b\u2029c'), code: 4, message: 'bad_data: a\\u2028b\\u2029c' },
  { name: 'an errorType with an escape sequence', args: STATUS, answer: () => ({ status: 400, json: { status: 'error', errorType: CLEAR, error: 'x' } }), code: 4, message: '\\u001b[2J\\u001b[H: x' },
  { name: 'a body that is not JSON, with escapes', args: STATUS, answer: () => ({ status: 502, text: `${CLEAR}<h1>${TITLE}</h1>` }), code: 4, message: `: \\u001b[2J\\u001b[H<h1>${ESCAPED_TITLE}</h1>` },
  // Label values, in tables, reports and JSON.
  { name: 'status table: a hostile service name', args: STATUS, answer: () => series(HOSTILE), code: 0, message: '', stdout: ESCAPED_TITLE },
  { name: 'status table on a terminal: colours stay, escapes do not', args: STATUS, tty: true, answer: () => series(HOSTILE), code: 0, message: '', stdout: ESCAPED_TITLE },
  { name: 'status --json: the hostile value, escaped and exact', args: [...STATUS, '--json'], answer: () => series(HOSTILE), code: 0, message: '', check: jsonKeepsText },
  {
    name: 'verify: a rule error with escapes',
    args: ['verify', 'rules.yaml', '--prometheus-url', '{URL}'],
    files: { 'rules.yaml': RULE_MANIFEST },
    answer: (r: SeenRequest) => (r.path.endsWith('/rules')
      ? { json: { status: 'success', data: { groups: [{ name: 'checkout-availability', file: 'f', interval: 60, lastEvaluation: '2024-01-01T00:00:00Z', rules: [{ name: 'slo:objective:ratio', type: 'recording', query: 'q', health: 'err', lastError: HOSTILE, lastEvaluation: '2024-01-01T00:00:00Z' }] }] } } }
      : vectorAnswer([])),
    code: 1,
    message: '',
    stdout: ESCAPED_TITLE,
  },
  {
    name: 'verify --json: the rule error, escaped and exact',
    args: ['verify', 'rules.yaml', '--prometheus-url', '{URL}', '--json'],
    files: { 'rules.yaml': RULE_MANIFEST },
    answer: (r: SeenRequest) => (r.path.endsWith('/rules')
      ? { json: { status: 'success', data: { groups: [{ name: 'checkout-availability', file: 'f', interval: 60, lastEvaluation: '2024-01-01T00:00:00Z', rules: [{ name: 'slo:objective:ratio', type: 'recording', query: 'q', health: 'err', lastError: HOSTILE, lastEvaluation: '2024-01-01T00:00:00Z' }] }] } } }
      : vectorAnswer([])),
    code: 1,
    message: '',
    check: jsonKeepsText,
  },
  {
    name: 'report: a hostile SLO name without data',
    args: ['report', '--prometheus-url', '{URL}'],
    answer: (r: SeenRequest) => (r.path.endsWith('/query_range')
      ? { json: { status: 'success', data: { resultType: 'matrix', result: [] } } }
      : r.query?.includes('slo:objective:ratio') ? vectorAnswer([{ metric: { slo_service: 'a', slo_name: HOSTILE }, value: [1, '0.99'] }]) : vectorAnswer([])),
    code: 1,
    message: `a/x${ESCAPED_TITLE}`,
  },
  // Files: names and values in findings, plans and tables.
  { name: 'validate: a hostile object name in a finding', args: ['validate', 'bad.yaml'], files: { 'bad.yaml': CONFIG_MAP(HOSTILE) + '---\n' + CONFIG_MAP(HOSTILE) }, code: 1, message: '', stdout: ESCAPED_TITLE },
  { name: 'validate --format github', args: ['validate', '--format', 'github', 'bad.yaml'], files: { 'bad.yaml': CONFIG_MAP(HOSTILE) + '---\n' + CONFIG_MAP(HOSTILE) }, code: 1, message: '', stdout: ESCAPED_TITLE },
  { name: 'validate --json: escaped and exact', args: ['validate', '--json', 'bad.yaml'], files: { 'bad.yaml': CONFIG_MAP(HOSTILE) + '---\n' + CONFIG_MAP(HOSTILE) }, code: 1, message: '', check: jsonKeepsText },
  { name: 'plan: a hostile object name in the Markdown', args: ['plan', '--base', 'base', 'current.yaml'], files: { 'base/.keep.yaml': '', 'current.yaml': CONFIG_MAP(HOSTILE) }, code: 0, message: '', stdout: '| x\\u001b' },
  { name: 'discover: a hostile label value in the table', args: ['discover', '--services-file', 'services.json'], files: { 'services.json': SERVICES(HOSTILE) }, code: 0, message: 'listing Kubernetes labels only', stdout: ESCAPED_TITLE },
  { name: 'a file name with escapes that does not exist', args: ['validate', `missing${CLEAR}.yaml`], code: 3, message: 'missing\\u001b[2J\\u001b[H.yaml: no such file or directory' },
  { name: 'an unknown command with escapes', args: [`st${TITLE}atus`], code: 2, message: `unknown command "st${ESCAPED_TITLE}atus"` },
  { name: 'an unknown option with escapes', args: ['validate', `--x${CLEAR}`], code: 2, message: 'Unknown option \'--x\\u001b[2J\\u001b[H\'' },
  { name: 'a flag value with escapes', args: ['validate', '--format', BIDI], code: 2, message: `--format "${ESCAPED_BIDI}" must be one of text, github, json` },
];

runCorpus('terminal text', cases);
