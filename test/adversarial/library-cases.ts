/**
 * The library's adversarial corpus, by category (issue 12): inputs a new user mistypes and a hostile
 * contributor writes. Refused cases name the construct path and the prop; accepted cases must come out
 * as files every reader and promtool accept, with alert text rendered as documented.
 */
import { Chart, Duration } from 'cdk8s';
import { AcceptedCase, RefusedCase } from './corpus-harness';
import { ApiServiceSlo, BurnRateAlertingOptions, Sli, Slo, SloDocumentFormat, SloImport, SloProps, SloRuleSet } from '../../src';
import { synthDocuments, toYaml } from '../documents/samples';

const TOTAL = 'http_requests_total{job="api"}';
const ERRORS = 'http_requests_total{job="api",code=~"5.."}';
const TOTAL_QUERY = 'sum(rate(http_requests_total{job="api"}[{{.window}}]))';

/** An SLO at `chart/slo` with these props over a plain ratio. */
function slo(chart: Chart, props: Partial<SloProps> = {}): Slo {
  return new Slo(chart, 'slo', {
    service: 'checkout',
    name: 'availability',
    target: 0.999,
    indicator: Sli.ratio({ errors: ERRORS, total: TOTAL }),
    ...props,
  });
}
const withAlerting = (alerting: BurnRateAlertingOptions) => (chart: Chart) => slo(chart, { alerting });
const withErrors = (errors: string) => (chart: Chart) => slo(chart, { indicator: Sli.ratio({ errors, total: TOTAL }) });
const withErrorQuery = (errorQuery: string) => (chart: Chart) => slo(chart, { indicator: Sli.fromQueries({ errorQuery, totalQuery: TOTAL_QUERY }) });

// ---------------------------------------------------------------------------------------------------
// 1. PromQL as Prometheus checks it: selectors (regexes, empty matchers, escapes) and raw queries (types).

const BAD_SELECTORS: ReadonlyArray<[string, string, RegExp?]> = [
  ['unclosed regex group', 'x{code=~"5..("}', /RE2/],
  ['look-ahead', 'x{code=~"(?=5)5.."}', /RE2/],
  ['negative look-ahead', 'x{code=~"(?!2)..."}', /RE2/],
  ['look-behind', 'x{code=~"(?<=a)b"}', /RE2/],
  ['back-reference', 'x{code=~"(a)\\\\1"}', /RE2/],
  ['possessive quantifier', 'x{code=~"a++"}', /RE2/],
  ['nested repetition', 'x{code=~"a**"}', /RE2/],
  ['repeat count above 1000', 'x{code=~"a{1001}"}', /RE2/],
  ['\\Z anchor', 'x{code=~"a\\\\Z"}', /RE2/],
  ['unclosed class', 'x{code=~"[a-"}', /RE2/],
  ['bad class range', 'x{code=~"[z-a]"}', /RE2/],
  ['unknown Perl class', 'x{code=~"\\\\q"}', /RE2/],
  ['atomic group', 'x{code=~"(?>a)"}', /RE2/],
  ['conditional', 'x{code=~"(?(1)a|b)"}', /RE2/],
  ['lone close paren', 'x{code=~"a)"}', /RE2/],
  ['missing repeat argument', 'x{code=~"*a"}', /RE2/],
  ['bad named group', 'x{code=~"(?P<a-b>x)"}', /RE2/],
  ['named group Prometheus 2 refuses', 'x{code=~"(?<n>a)"}', /named group/],
  ['invalid regex in !~', 'x{code!~"5..("}', /RE2/],
  ['unknown flag', 'x{code=~"(?z)a"}', /RE2/],
  ['every series (__name__=~".*")', '{__name__=~".*"}', /excludes the empty string/],
  ['every series (__name__=~".*") with empty job', '{__name__=~".*",job=""}', /excludes the empty string/],
  ['every series (__name__!="")... negated empty', '{__name__=~"a|"}', /excludes the empty string/],
  ['__name__!~ that matches empty', '{__name__!~"x.+"}', /excludes the empty string/],
  ['__name__=~"x*"', '{__name__=~"x*"}', /excludes the empty string/],
  ['__name__=~"(a)?"', '{__name__=~"(a)?"}', /excludes the empty string/],
  ['\\xZZ escape', 'x{job="a\\xZZ"}', /invalid escape sequence/],
  ['\\x with one digit', 'x{job="\\x4"}', /invalid escape sequence/],
  ['\\u with three digits', 'x{job="\\u00e"}', /invalid escape sequence/],
  ['\\U past the last code point', 'x{job="\\U00110000"}', /not a valid Unicode code point/],
  ['\\u surrogate', 'x{job="\\ud800"}', /not a valid Unicode code point/],
  ['octal above 255', 'x{job="\\400"}', /not a valid byte/],
  ['short octal', 'x{job="\\12"}', /invalid escape sequence/],
  ['\\q', 'x{job="\\q"}', /unknown escape sequence/],
  ['\\\' inside double quotes', 'x{job="\\\'"}', /unknown escape sequence/],
  ['\\" inside single quotes', 'x{job=\'\\"\'}', /unknown escape sequence/],
  ['\\x bytes that are not UTF-8', 'x{job="\\xff"}', /not UTF-8/],
  ['metric name twice', 'x{__name__="y"}', /has no metric name|twice/],
  ['range selector', 'x[5m]', /range selector/],
  ['offset', 'x offset 5m', /offset/],
  ['@ modifier', 'x @ 100', /@/],
  ['function call', 'rate(x[5m])', /function call/],
  ['binary expression', 'x + y', /binary/],
  ['aggregation', 'sum(x)', /aggregation/],
  ['quoted UTF-8 label name', 'x{"job"="a"}', /quoted/],
  ['unclosed braces', 'x{job="a"', /does not parse/],
  ['unclosed string', 'x{job="a}', /does not parse/],
  ['trailing garbage', 'x{job="a"} y', /does not parse|binary/],
  ['empty', '', /must be a PromQL vector selector/],
  ['only whitespace', '   ', /must be a PromQL vector selector/],
  ['no metric name', '{job="api"}', /no metric name/],
  ['raw U+2028 in a label value', 'x{job="a\u2028b"}', /U\+2028/],
  ['raw control character', 'x{job="a\u0001b"}', /U\+0001/],
];

const BAD_QUERIES: ReadonlyArray<[string, string, RegExp?]> = [
  ['rate of an instant vector', 'sum(rate(x)) + 0 * sum(rate(y[{{.window}}]))', /range vector/],
  ['rate of a scalar', 'sum(rate(scalar(x))) + 0 * sum(rate(y[{{.window}}]))', /range vector/],
  ['range of a function call', 'sum(rate(scalar(x)[{{.window}}]))', /range \[\.\.\] applies only/],
  ['a string', '"errors{{.window}}"', /string/],
  ['a scalar where a vector is needed', 'scalar(sum(rate(x[{{.window}}])))', /scalar/],
  ['a number', '42 + 0 * vector(time() > bool 0)[{{.window}}:]', /range vector|takes/],
  ['a range vector result', 'x[{{.window}}]', /range vector/],
  ['subquery result', 'rate(x[{{.window}}])[1h:5m]', /range vector/],
  ['rate of a subquery of a string', 'sum(rate("a"[{{.window}}:1m]))', /subquery|range/],
  ['sum of a range vector', 'sum(x[{{.window}}])', /instant vector/],
  ['histogram_quantile arguments swapped', 'histogram_quantile(rate(x[{{.window}}]), 0.9)', /scalar/],
  ['topk without k', 'topk(sum(rate(x[{{.window}}])))', /two arguments/],
  ['count_values with a number', 'count_values(1, rate(x[{{.window}}]))', /string/],
  ['sum with two arguments', 'sum(rate(x[{{.window}}]), rate(y[{{.window}}]))', /one argument/],
  ['label_replace with a number', 'label_replace(rate(x[{{.window}}]), 1, "a", "b", "c")', /string/],
  ['too few arguments', 'clamp_max(rate(x[{{.window}}]))', /argument/],
  ['too many arguments', 'abs(rate(x[{{.window}}]), 1)', /argument/],
  ['scalar comparison without bool', 'sum(rate(x[{{.window}}])) * (1 > 2)', /bool/],
  ['bool on arithmetic', 'sum(rate(x[{{.window}}])) + bool 1', /bool/],
  ['and with a scalar', 'sum(rate(x[{{.window}}])) and 1', /instant vectors/],
  ['on() with a scalar', 'sum(rate(x[{{.window}}])) + on(job) 1', /on\/ignoring/],
  ['group_left with or', 'rate(x[{{.window}}]) or on(job) group_left rate(y[{{.window}}])', /group_left/],
  ['offset on a function', 'sum(rate(x[{{.window}}])) offset 5m', /offset must follow/],
  ['offset twice', 'sum(rate(x[{{.window}}] offset 5m offset 1m))', /twice/],
  ['range of a parenthesis', 'sum(rate((x)[{{.window}}]))', /range \[\.\.\] applies only/],
  ['minus a string', 'sum(rate(x[{{.window}}])) - "a"', /string/],
  ['plus a range vector', 'sum(rate(x[{{.window}}])) + x[5m]', /range vector/],
  ['experimental function', 'sort_by_label(rate(x[{{.window}}]), "job")', /Prometheus 3/],
  ['Prometheus 3 function', 'sum(rate(x[{{.window}}])) * 0 + info(up)', /Prometheus 3/],
  ['limitk', 'limitk(1, rate(x[{{.window}}]))', /Prometheus 3/],
  ['duration arithmetic', 'sum(rate(x[{{.window}} * 2]))', /duration/],
  ['duration as number', 'sum(rate(x[{{.window}}])) > 5m', /Prometheus 3/],
  ['plain-number range', 'sum(rate(x[300]))', /duration|placeholder/],
  ['zero range', 'sum(rate(x[0s])) + 0 * sum(rate(x[{{.window}}]))', /longer than zero/],
  ['bad regex inside a query', 'sum(rate(x{code=~"5..("}[{{.window}}]))', /RE2/],
  ['empty-matching selector inside a query', 'sum(rate({__name__=~".*"}[{{.window}}]))', /excludes the empty string/],
  ['bad escape inside a query', 'sum(rate(x{job="\\xZZ"}[{{.window}}]))', /invalid escape/],
  ['# comment that swallows the rest', 'sum(rate(x[{{.window}}])) # errors', /comment/],
  ['no window placeholder', 'sum(rate(x[5m]))', /placeholder/],
  ['syntax error', 'sum(rate(x[{{.window}}])', /does not parse/],
  ['raw U+2029', 'sum(rate(x{job="a\u2029"}[{{.window}}]))', /U\+2029/],
  ['unary minus on a string', '-"a{{.window}}"', /string|sign/],
];

const GOOD_PROMQL: AcceptedCase[] = [
  ['regex alternation', 'x{code=~"5..|429"}'],
  ['case-insensitive regex', 'x{method=~"(?i)get"}'],
  ['POSIX class', 'x{code=~"[[:digit:]]{3}"}'],
  ['Perl named group', 'x{code=~"(?P<c>5)..", job="api"}'],
  ['Unicode class', 'x{path=~"\\\\pL+"}'],
  ['regex that matches empty, with a name', 'x{code=~".*"}'],
  ['__name__ selector', '{__name__="x", job="api"}'],
  ['__name__ regex excluding empty', '{__name__=~"x_.+"}'],
  ['single-quoted value', "x{job='a\"b'}"],
  ['backquoted value', 'x{path=`C:\\dir`}'],
  ['valid escapes', 'x{job="\\x41\\u00e9\\U0001F600\\101\\a\\t"}'],
  ['UTF-8 bytes escaped', 'x{job="\\xe2\\x82\\xac"}'],
  ['U+2028 as an escape', 'x{job="a\\u2028b"}'],
].map(([name, errors]) => ({ name: `selector: ${name}`, build: withErrors(errors) }));
GOOD_PROMQL.push(...[
  ['histogram_quantile', 'histogram_quantile(0.99, sum by (le) (rate(x_bucket[{{.window}}]))) > bool 0.5'],
  ['offset inside', 'sum(rate(x[{{.window}}] offset 1m))'],
  ['subquery', 'sum(max_over_time(rate(x[5m])[{{.window}}:1m]))'],
  ['set operators', 'sum(rate(x[{{.window}}])) unless sum(rate(y[{{.window}}])) == 0'],
  ['label_replace', 'label_replace(sum(rate(x[{{.window}}])), "a", "$1", "job", "(.*)")'],
  ['scalar arithmetic', 'sum(rate(x[{{.window}}])) * scalar(vector(2)) / 2'],
  ['comparison with bool', 'sum(rate(x[{{.window}}]) > bool 0)'],
  ['vector matching', 'sum by (job) (rate(x[{{.window}}])) / on(job) group_left sum by (job) (rate(y[{{.window}}]))'],
].map(([name, errorQuery]) => ({ name: `query: ${name}`, build: withErrorQuery(errorQuery) })));

// ---------------------------------------------------------------------------------------------------
// 2. Alert templates: template fields are checked; literal fields print as written.

const BAD_TEMPLATES: ReadonlyArray<[string, string, RegExp?]> = [
  ['unclosed action', '{{ $value', /unclosed action/],
  ['lone end', 'fires {{ end }}', /unexpected \{\{end\}\}/],
  ['if without end', '{{ if gt $value 1.0 }}high', /no \{\{end\}\}/],
  ['unknown function', '{{ toDuration 5 }}', /not defined/],
  ['misspelled function', '{{ $value | humanizePercent }}', /not defined/],
  ['undefined variable', '{{ $nope }}', /undefined variable/],
  ['variable out of scope', '{{ range $k, $v := $labels }}{{ $k }}{{ end }}{{ $k }}', /undefined variable/],
  ['query without opt-in', '{{ with query "secret_metric" }}{{ . | first | value }}{{ end }}', /allowQueryInTemplates/],
  ['query in a pipeline', '{{ "up" | query | first | value }}', /allowQueryInTemplates/],
  ['else twice', '{{ if true }}a{{ else }}b{{ else }}c{{ end }}', /else/],
  ['else outside a block', 'a {{ else }} b', /else/],
  ['break outside range', '{{ break }}', /outside/],
  ['unterminated string', '{{ "abc }}', /unterminated|unclosed/],
  ['bad escape in a string', '{{ "\\xZZ" }}', /invalid syntax/],
  ['bad number', '{{ 1.2.3 }}', /bad number/],
  ['unclosed paren', '{{ (print 1 }}', /paren/],
  ['stray paren', '{{ print 1) }}', /paren/],
  ['empty action', 'a {{ }} b', /missing value/],
  ['empty if', '{{ if }}x{{ end }}', /missing value/],
  ['unclosed comment', '{{/* note }}', /comment/],
  ['multi-character char constant', "{{ 'ab' }}", /character constant/],
  ['keyword as argument', '{{ print end }}', /unexpected/],
];

const templateRefusals: RefusedCase[] = BAD_TEMPLATES.flatMap(([name, text, message]) => [
  { name: `summary: ${name}`, build: withAlerting({ summary: text }), path: 'slo', field: 'alerting.summary', message },
  { name: `description: ${name}`, build: withAlerting({ description: text }), path: 'slo', field: 'alerting.description', message },
  { name: `annotation: ${name}`, build: withAlerting({ annotations: { note: text } }), path: 'slo', field: 'alerting.annotations.note', message },
]);
templateRefusals.push(...[
  ['with a dash', 'runbook-link'], ['with a dot', 'grafana.url'], ['starting with a digit', '1st'], ['with a slash', 'a/b'],
  ['with a space', 'my note'], ['empty', ''], ['non-ASCII', 'résumé'], ['with a colon', 'a:b'],
].map(([name, key]) => ({
  name: `annotation key ${name}`, build: withAlerting({ annotations: { [key]: 'x' } }), path: 'slo', field: `alerting.annotations.${key}`, message: /annotation name/,
})));

/** The OpenSLO document of an SLO whose alert text holds template actions, for importing. */
function openSloWithTemplates(): string {
  return toYaml(synthDocuments(SloDocumentFormat.openSlo(), (chart) => new Slo(chart, 'slo', {
    service: 'checkout',
    name: 'availability',
    target: 0.999,
    indicator: Sli.ratio({ errors: ERRORS, total: TOTAL }),
    description: 'imported {{ with query "secret_metric" }}{{ . }}{{ end }}',
    alerting: {
      summary: 'summary {{ $labels.job }}',
      runbookUrl: 'https://runbooks/{{ with query "secret_metric" }}{{ . | first | value }}{{ end }}',
      annotations: { note: 'note {{ $value }}' },
    },
  })));
}

const LITERAL = '{{ with query "secret_metric" }}{{ . | first | value }}{{ end }}';

/** A Sloth spec whose alert annotations hold template actions (Sloth passes them on as templates). */
const SLOTH_WITH_TEMPLATES = `version: prometheus/v1
service: checkout
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="api"}[{{.window}}]))
    alerting:
      name: CheckoutAvailability
      annotations:
        summary: 'sloth {{ $labels.job }}'
        runbook_url: 'https://runbooks/${LITERAL}'
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        labels:
          severity: warning
`;
const templateAcceptances: AcceptedCase[] = [
  {
    name: 'runbookUrl with a query action prints literally',
    build: withAlerting({ runbookUrl: `https://runbooks.example/${LITERAL}` }),
    renders: [{ annotation: 'runbook_url', rendered: `https://runbooks.example/${LITERAL}` }],
  },
  {
    name: 'dashboardUrl with delimiters prints literally',
    build: withAlerting({ dashboardUrl: 'https://grafana/d/x?var={{$labels.job}}&b=}}{{' }),
    renders: [{ annotation: 'dashboard_url', rendered: 'https://grafana/d/x?var={{$labels.job}}&b=}}{{' }],
  },
  {
    name: 'description prints literally',
    build: (chart) => slo(chart, { description: `Checkout ${LITERAL} {{{ }}} "quoted" \\ back` }),
    renders: [{ annotation: 'slo_description', rendered: `Checkout ${LITERAL} {{{ }}} "quoted" \\ back` }],
  },
  {
    name: 'summary is a template',
    build: withAlerting({ summary: 'burning for {{ $labels.job }} at {{ $value | humanizePercentage }}' }),
    renders: [{ annotation: 'summary', rendered: 'burning for api at 100%' }],
  },
  {
    name: 'an extra annotation is a template, and {{ "{{" }} escapes',
    build: withAlerting({ annotations: { team_note: '{{ "{{" }}job{{ "}}" }} = {{ $labels.job | toUpper }}' } }),
    renders: [{ annotation: 'team_note', rendered: '{{job}} = API' }],
  },
  {
    name: 'query is allowed on request',
    build: withAlerting({ allowQueryInTemplates: true, description: '{{ with query "vector(7)" }}{{ . | first | value }}{{ end }}' }),
    renders: [{ annotation: 'description', rendered: '7' }],
  },
  {
    name: 'control structures and variables',
    build: withAlerting({ summary: '{{ $j := $labels.job }}{{ if eq $j "api" }}API{{ else }}other{{ end }}{{ range $k, $v := $labels }} {{ $k }}{{ end }}' }),
    renders: [{ annotation: 'summary', rendered: 'API job' }],
  },
  {
    name: 'text imported from Sloth prints literally',
    build: (chart) => SloImport.fromSloth(chart, 'import', SLOTH_WITH_TEMPLATES),
    renders: [
      { annotation: 'summary', rendered: 'sloth {{ $labels.job }}' },
      { annotation: 'runbook_url', rendered: `https://runbooks/${LITERAL}` },
    ],
  },
  {
    name: 'a budget-step description prints literally',
    build: (chart) => slo(chart, { budgetPolicy: { steps: [{ remainingBelow: 0.5, action: 'review', description: `freeze ${LITERAL}` }] } }),
    renders: [{
      alert: 'SloErrorBudgetPolicy',
      annotation: 'description',
      rendered: `100% of the error budget of checkout availability is left over the last 30d, below the review threshold of 50%. Policy: freeze ${LITERAL}.`,
    }],
  },
  {
    name: 'text imported from OpenSLO prints literally',
    build: (chart) => SloImport.fromOpenSlo(chart, 'import', openSloWithTemplates()),
    renders: [
      { annotation: 'summary', rendered: 'summary {{ $labels.job }}' },
      { annotation: 'runbook_url', rendered: `https://runbooks/${LITERAL}` },
      { annotation: 'note', rendered: 'note {{ $value }}' },
      { annotation: 'slo_description', rendered: 'imported {{ with query "secret_metric" }}{{ . }}{{ end }}' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------
// 3. Text that YAML 1.1 readers refuse (U+2028/U+2029, NEL, controls, BOM, lone surrogates).

const UNSAFE: ReadonlyArray<[string, string]> = [
  ['U+2028', '\u2028'], ['U+2029', '\u2029'], ['U+0085', '\u0085'], ['U+0001', '\u0001'], ['U+001B', '\u001b'],
  ['U+007F', '\u007f'], ['U+FEFF', '\ufeff'], ['lone surrogate', '\ud800'],
];
const yamlRefusals: RefusedCase[] = UNSAFE.flatMap(([name, character]) => [
  { name: `description with ${name}`, build: (chart: Chart) => slo(chart, { description: `a${character}b` }), path: 'slo', field: 'description' },
  { name: `summary with ${name}`, build: withAlerting({ summary: `a${character}b` }), path: 'slo', field: 'alerting.summary' },
  { name: `runbookUrl with ${name}`, build: withAlerting({ runbookUrl: `https://x/${character}` }), path: 'slo', field: 'alerting.runbookUrl' },
  { name: `label value with ${name}`, build: (chart: Chart) => slo(chart, { labels: { team: `a${character}` } }), path: 'slo', field: 'labels.team' },
]);
yamlRefusals.push(
  { name: 'runbookUrl with a newline', build: withAlerting({ runbookUrl: 'https://x/\nmore' }), path: 'slo', field: 'alerting.runbookUrl' },
  { name: 'dashboardUrl with a tab', build: withAlerting({ dashboardUrl: 'https://x/\tmore' }), path: 'slo', field: 'alerting.dashboardUrl' },
  { name: 'budget step description with U+2028', build: (chart) => slo(chart, { budgetPolicy: { steps: [{ remainingBelow: 0.5, action: 'review', description: 'a\u2028b' }] } }), path: 'slo', field: 'budgetPolicy.steps[0].description' },
  { name: 'summary with U+2028 while alerting is off (documents still carry it)', build: withAlerting({ enabled: false, summary: 'a\u2028b' }), path: 'slo', field: 'alerting.summary' },
  { name: 'description that is a number', build: (chart) => slo(chart, { description: 42 as any }), path: 'slo', field: 'description' },
  { name: 'summary that is an object', build: withAlerting({ summary: {} as any }), path: 'slo', field: 'alerting.summary' },
);
const yamlAcceptances: AcceptedCase[] = [
  { name: 'multi-line description with tabs', build: (chart) => slo(chart, { description: 'line one\n\tline two\nthree: four # five' }) },
  { name: 'description with YAML-looking text', build: (chart) => slo(chart, { description: '- [a]: {b}\n--- !tag &x *x |' }) },
  { name: 'label value with non-ASCII text', build: (chart) => slo(chart, { labels: { team: 'zahlungs-überwachung 💳' } }) },
];

// ---------------------------------------------------------------------------------------------------
// 4. Reserved labels: what the library or Prometheus sets may not be set again.

const RESERVED = ['alertname', 'alertstate', 'severity', 'slo_service', 'slo_name', 'long_window', 'short_window', 'budget_action', 'le', '__name__', '__tmp'];
const labelRefusals: RefusedCase[] = RESERVED.flatMap((label) => [
  { name: `grouping by ${label}`, build: (chart: Chart) => slo(chart, { indicator: Sli.ratio({ errors: ERRORS, total: TOTAL, grouping: [label] }) }), path: 'slo', field: 'indicator.grouping[0]' },
  { name: `labels.${label}`, build: (chart: Chart) => slo(chart, { labels: { [label]: 'x' } }), path: 'slo', field: `labels.${label}` },
  { name: `alerting.labels.${label}`, build: withAlerting({ labels: { [label]: 'x' } }), path: 'slo', field: `alerting.labels.${label}` },
]);
labelRefusals.push(
  { name: 'a label in labels and alerting.labels', build: (chart) => slo(chart, { labels: { team: 'a' }, alerting: { labels: { team: 'b' } } }), path: 'slo', field: 'alerting.labels.team', message: /silently override/ },
  { name: 'a label in labels and window labels', build: (chart) => slo(chart, { labels: { team: 'a' }, alerting: { windows: [{ longWindow: Duration.hours(1), budgetConsumed: 0.02, severity: 'critical', labels: { team: 'b' } }] } }), path: 'slo', field: 'alerting.windows[0].labels.team' },
  { name: 'a label in labels and budgetPolicy.labels', build: (chart) => slo(chart, { labels: { team: 'a' }, budgetPolicy: { labels: { team: 'b' } } }), path: 'slo', field: 'budgetPolicy.labels.team' },
  { name: 'a template team prop and labels.team', build: (chart) => new ApiServiceSlo(chart, 'svc', { service: 'checkout', team: 'payments', labels: { team: 'other' } }), path: 'svc', field: 'labels.team' },
  { name: 'a template channel label', build: (chart) => new ApiServiceSlo(chart, 'svc', { service: 'checkout', alerting: { labels: { channel: 'x' } } }), path: 'svc', field: 'alerting.labels.channel' },
  { name: 'a label name with a dash', build: (chart) => slo(chart, { labels: { 'team-name': 'a' } }), path: 'slo', field: 'labels.team-name' },
  { name: 'a label value with {{', build: (chart) => slo(chart, { labels: { team: '{{ $value }}' } }), path: 'slo', field: 'labels.team' },
);

// ---------------------------------------------------------------------------------------------------
// 5. Numbers: NaN, infinities and precision the rules cannot write.

const BAD_NUMBERS: ReadonlyArray<[string, (chart: Chart) => void, string, string?]> = [
  ['target NaN', (c) => slo(c, { target: NaN }), 'target'],
  ['target Infinity', (c) => slo(c, { target: Infinity }), 'target'],
  ['target -Infinity', (c) => slo(c, { target: -Infinity }), 'target'],
  ['target 1', (c) => slo(c, { target: 1 }), 'target'],
  ['target 0.9999999999999 (budget below 12 digits)', (c) => slo(c, { target: 0.9999999999999 }), 'target'],
  ['target 1 - 1e-15', (c) => slo(c, { target: 1 - 1e-15 }), 'target'],
  ['target a string', (c) => slo(c, { target: '0.99' as any }), 'target'],
  ['window Duration.days(NaN)', (c) => slo(c, { window: Duration.days(NaN) }), 'window'],
  ['window Duration.days(Infinity)', (c) => slo(c, { window: Duration.days(Infinity) }), 'window'],
  ['latency threshold NaN', (c) => slo(c, { indicator: Sli.latency({ histogram: 'http_request_duration_seconds', threshold: Duration.seconds(NaN) }) }), 'indicator.threshold'],
  ['freshness maxAge Infinity', (c) => slo(c, { indicator: Sli.freshness({ timestampMetric: 'last_success', maxAge: Duration.minutes(Infinity) }) }), 'indicator.maxAge'],
  ['gauge maximum NaN', (c) => slo(c, { indicator: Sli.gaugeThreshold({ metric: 'queue_depth', maximum: NaN }) }), 'indicator.maximum'],
  ['alerting.for NaN', (c) => slo(c, { alerting: { for: Duration.minutes(NaN) } }), 'alerting.for'],
  ['window pair long window NaN', (c) => slo(c, { alerting: { windows: [{ longWindow: Duration.hours(NaN), budgetConsumed: 0.02, severity: 'critical' }] } }), 'alerting.windows[0].longWindow'],
  ['window pair budgetConsumed NaN', (c) => slo(c, { alerting: { windows: [{ longWindow: Duration.hours(1), budgetConsumed: NaN, severity: 'critical' }] } }), 'alerting.windows[0].budgetConsumed'],
  ['window pair budgetConsumed Infinity', (c) => slo(c, { alerting: { windows: [{ longWindow: Duration.hours(1), budgetConsumed: Infinity, severity: 'critical' }] } }), 'alerting.windows[0].budgetConsumed'],
  ['minimumEvents Infinity', (c) => slo(c, { alerting: { minimumEvents: Infinity } }), 'alerting.minimumEvents'],
  ['minimumEvents NaN', (c) => slo(c, { alerting: { minimumEvents: NaN } }), 'alerting.minimumEvents'],
  ['disabledWindows NaN', (c) => slo(c, { alerting: { disabledWindows: [Duration.hours(NaN)] } }), 'disabledWindows', 'slo/Alerting'],
  ['budget step NaN', (c) => slo(c, { budgetPolicy: { steps: [{ remainingBelow: NaN, action: 'freeze' }] } }), 'budgetPolicy.steps[0].remainingBelow'],
  ['forecast horizon NaN', (c) => slo(c, { budgetPolicy: { forecast: true, forecastHorizon: Duration.days(NaN) } }), 'budgetPolicy.forecastHorizon'],
  ['averageQps NaN', (c) => new ApiServiceSlo(c, 'svc', { service: 'checkout', characteristics: { averageQps: NaN } }), 'characteristics.averageQps', 'svc'],
  ['template latencyThreshold NaN', (c) => new ApiServiceSlo(c, 'svc', { service: 'checkout', latencyThreshold: Duration.millis(NaN) }), 'latencyThreshold', 'svc'],
];

// ---------------------------------------------------------------------------------------------------
// 6. Names: unique objects and groups per file, Kubernetes labels on objects.

const nameRefusals: RefusedCase[] = [
  {
    name: 'rule groups a-b/c and a/b-c in one SloRuleSet',
    build: (chart) => {
      const ruleSet = new SloRuleSet(chart, 'rules');
      new Slo(chart, 'one', { service: 'a-b', name: 'c', target: 0.999, indicator: Sli.ratio({ errors: ERRORS, total: TOTAL }), ruleSet });
      new Slo(chart, 'two', { service: 'a', name: 'b-c', target: 0.999, indicator: Sli.ratio({ errors: ERRORS, total: TOTAL }), ruleSet });
    },
    path: 'two',
    field: 'name',
    message: /slo-a-b-c-short-windows/,
  },
  {
    name: 'PrometheusRules a-b/c and a/b-c',
    build: (chart) => {
      new Slo(chart, 'one', { service: 'a-b', name: 'c', target: 0.999, indicator: Sli.ratio({ errors: ERRORS, total: TOTAL }) });
      new Slo(chart, 'two', { service: 'a', name: 'b-c', target: 0.999, indicator: Sli.ratio({ errors: ERRORS, total: TOTAL }) });
    },
    path: 'two',
    field: 'name',
  },
  {
    name: 'a rule set object named like an SLO object',
    build: (chart) => {
      new Slo(chart, 'one', { service: 'rules', name: '0', target: 0.999, indicator: Sli.ratio({ errors: ERRORS, total: TOTAL }) });
      const ruleSet = new SloRuleSet(chart, 'rules', { namePrefix: 'slo-rules' });
      new Slo(chart, 'two', { service: 'b', name: 'c', target: 0.999, indicator: Sli.ratio({ errors: ERRORS, total: TOTAL }), ruleSet });
    },
    path: 'rules',
    field: 'namePrefix',
  },
  ...[['bad key!', 'x'], ['-leading', 'x'], ['a/b/c', 'x'], ['UPPER.example.com/x', 'x']].map(([key, value]) => ({
    name: `ruleLabels key "${key}"`, build: (chart: Chart) => slo(chart, { ruleLabels: { [key]: value } }), path: 'slo', field: 'ruleLabels',
  })),
  ...[['spaces', 'a b'], ['too long', 'x'.repeat(64)], ['trailing dash', 'a-'], ['newline', 'a\nb'], ['not a string', 5 as any]].map(([name, value]) => ({
    name: `ruleLabels value ${name}`, build: (chart: Chart) => slo(chart, { ruleLabels: { team: value } }), path: 'slo', field: 'ruleLabels.team',
  })),
  { name: 'ruleLabels overriding managed-by', build: (chart) => slo(chart, { ruleLabels: { 'app.kubernetes.io/managed-by': 'helm' } }), path: 'slo', field: 'ruleLabels.app.kubernetes.io/managed-by' },
  { name: 'SloRuleSet ruleLabels value', build: (chart) => new SloRuleSet(chart, 'rules', { ruleLabels: { team: 'a b' } }), path: 'rules', field: 'ruleLabels.team' },
];
const nameAcceptances: AcceptedCase[] = [
  {
    name: 'many SLOs in one SloRuleSet',
    build: (chart) => {
      const ruleSet = new SloRuleSet(chart, 'rules');
      for (const [index, [service, name]] of [['a-b', 'd'], ['a', 'b-e'], ['x', 'y']].entries()) {
        new Slo(chart, `slo${index}`, { service, name, target: 0.999, indicator: Sli.ratio({ errors: ERRORS, total: TOTAL }), ruleSet });
      }
    },
  },
  { name: 'prefixed ruleLabels', build: (chart) => slo(chart, { ruleLabels: { 'prometheus.example.com/rules': 'true', 'team': 'pay_ments.1' } }) },
];

// ---------------------------------------------------------------------------------------------------
// 7. Props of the wrong type, as JavaScript (or a jsii language without checks) can pass them.

const wrongTypes: RefusedCase[] = [
  { name: 'grouping a number', build: (c) => slo(c, { indicator: Sli.ratio({ errors: ERRORS, total: TOTAL, grouping: 27 as any }) }), path: 'slo', field: 'indicator.grouping' },
  { name: 'grouping a string', build: (c) => slo(c, { indicator: Sli.ratio({ errors: ERRORS, total: TOTAL, grouping: 'route' as any }) }), path: 'slo', field: 'indicator.grouping' },
  { name: 'grouping of numbers', build: (c) => slo(c, { indicator: Sli.ratio({ errors: ERRORS, total: TOTAL, grouping: [1] as any }) }), path: 'slo', field: 'indicator.grouping[0]' },
  { name: 'windows an object', build: withAlerting({ windows: {} as any }), path: 'slo/Alerting', field: 'windows' },
  { name: 'disabledWindows a Duration', build: withAlerting({ disabledWindows: Duration.hours(1) as any }), path: 'slo/Alerting', field: 'disabledWindows' },
  { name: 'budget steps a string', build: (c) => slo(c, { budgetPolicy: { steps: 'freeze' as any } }), path: 'slo/BudgetPolicy', field: 'steps' },
  { name: 'errors a number', build: (c) => slo(c, { indicator: Sli.ratio({ errors: 5 as any, total: TOTAL }) }), path: 'slo', field: 'indicator.errors' },
  { name: 'errorQuery an object', build: (c) => slo(c, { indicator: Sli.fromQueries({ errorQuery: {} as any, totalQuery: TOTAL_QUERY }) }), path: 'slo', field: 'indicator.errorQuery' },
  { name: 'annotation value a number', build: withAlerting({ annotations: { note: 5 as any } }), path: 'slo', field: 'alerting.annotations.note' },
  { name: 'label value a number', build: (c) => slo(c, { labels: { team: 5 as any } }), path: 'slo', field: 'labels.team' },
  { name: 'indicator missing', build: (c) => slo(c, { indicator: undefined as any }), path: 'slo', field: 'indicator' },
];

/** Every refused case, by category. */
export const REFUSED: Readonly<Record<string, readonly RefusedCase[]>> = {
  'promql: selectors': BAD_SELECTORS.map(([name, text, message]) => ({ name, build: withErrors(text), path: 'slo', field: 'indicator.errors', message })),
  'promql: raw queries': BAD_QUERIES.map(([name, text, message]) => ({ name, build: withErrorQuery(text), path: 'slo', field: 'indicator.errorQuery', message })),
  'templates': templateRefusals,
  'yaml: text fields': yamlRefusals,
  'reserved labels': labelRefusals,
  'numbers': BAD_NUMBERS.map(([name, build, field, path]) => ({ name, build, field, path: path ?? 'slo' })),
  'names': nameRefusals,
  'wrong types': wrongTypes,
};

/** Every accepted case, by category. */
export const ACCEPTED: Readonly<Record<string, readonly AcceptedCase[]>> = {
  'promql': GOOD_PROMQL,
  'templates': templateAcceptances,
  'yaml: text fields': yamlAcceptances,
  'names': nameAcceptances,
};
