/**
 * The alert-template checks against the real judge: for each template, `templateProblem` and
 * `promtool check rules` (which parses annotations with Prometheus's template functions) agree on whether
 * an alert with it loads. One promtool run. Stricter on purpose only where the template parses but fails
 * at every notification.
 */
import { escapeGoTemplate, templateProblem } from '../../src/model/alert-templates';
import { checkRuleFiles } from '../adversarial/corpus-harness';

const TEMPLATES: readonly string[] = [
  '{{ $value',
  '{{ end }}',
  '{{ $nope }}',
  '{{ if true }}x',
  '{{ .Labels.x }}',
  '{{ $labels.job }}',
  '{{/* c */}}',
  '{{- $value -}}',
  '{{ "a" | printf "%s" }}',
  '{{ range $i, $e := $labels }}{{ $i }}{{ end }}{{ $i }}',
  '{{ with $x := 1 }}{{ $x }}{{ else }}{{ $x }}{{ end }}',
  '{{ 1.5e3 }}',
  "{{ 'a' }}",
  '{{ nil }}',
  '{{ .foo.bar }}',
  '{{ $labels.job.x }}',
  '{{ (print 1) }}',
  '{{ block "x" . }}{{ end }}',
  '{{ template "x" }}',
  '{{ break }}',
  '{{ range $labels }}{{ break }}{{ end }}',
  '{{ define "y" }}{{ end }}',
  '{{ "\\xZZ" }}',
  '{{ print }}{{else}}',
  '{{ unknownFn 1 }}',
  '{{ toDuration 1 }}',
  '{{ with query "up" }}{{ . | first | value }}{{ end }}',
  '{{ humanize $value }}',
  '{{ $value | humanizePercentage }}',
  '{{ if gt $value 1.0 }}high{{ else if lt $value 0.5 }}low{{ else }}mid{{ end }}',
  '{{ if 1 }}{{ else }}{{ else }}{{ end }}',
  '{{ $x := 1 }}{{ $x = 2 }}{{ $x }}',
  '{{ | }}',
  '{{ ( }}',
  '{{ ) }}',
  '{{ "a }}',
  '{{ 1.2.3 }}',
  '{{ 0x1F }}',
  "{{ 'ab' }}",
  '{{ printf "%s" "}}" }}',
  '{{ "{{" }}',
  '{{{',
  '}}',
  'a {{ "{{" }} b {{ "}}" }}',
  '{{ $labels.job | toUpper }}',
  '{{ if }}{{ end }}',
  '{{ range }}{{ end }}',
  '{{ else }}',
  '{{ continue }}',
  '{{ reReplaceAll "a" "b" $labels.x }}',
  '{{ $externalURL }}',
  '{{ $externalLabels.cluster }}',
  '{{ . }}',
  '{{ $ }}',
  '{{ .Value }}',
  '{{/* unclosed }}',
  '{{ 1 2 }}',
  '{{ print 1 2 }}',
  '{{ if $x := 1 }}{{ $x }}{{ end }}',
  '{{ with $a, $b := 1 }}{{ end }}',
  '{{ range $a, $b := $labels }}{{ $a }}{{ $b }}{{ end }}',
  '{{- /* comment */ -}}',
  '{{ $labels.le }}',
  "{{ \"\\'\" }}",
  "{{ '\\n' }}",
  '{{ true }}',
  '{{ and 1 2 }}',
  '{{ index $labels "job" }}',
  'x {{- 3 }}',
  '{{ -3 }}',
  '{{ 3 -}} x',
  '{{ define "a" }}{{ $value }}{{ end }}',
  '{{ end',
  '{{ `raw }}` }}',
  '{{ `raw\nline` }}',
  '{{ printf "%.2f" $value }}',
  '{{ if eq $labels.severity "critical" }}page{{ end }}',
];

/** Parse in promtool, fail when expanded: assigning an undeclared variable, a pipeline ending in "|". */
const STRICTER: readonly string[] = ['{{ $y = 2 }}', '{{ print | }}'];

const alertWith = (text: string) => ({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'vector(1)', annotations: { text } }] }] });

describe('templateProblem agrees with promtool check rules', () => {
  let verdicts: Array<string | undefined> = [];
  beforeAll(() => {
    verdicts = checkRuleFiles([...TEMPLATES, ...STRICTER].map(alertWith));
  });

  test.each(TEMPLATES.map((text, index) => [text, index] as const))('%s', (text, index) => {
    expect({ text, loads: templateProblem(text, true) === undefined }).toEqual({ text, loads: verdicts[index] === undefined });
  });

  test.each(STRICTER.map((text, index) => [text, index] as const))('stricter on purpose: %s', (text, index) => {
    expect(verdicts[TEMPLATES.length + index]).toBeUndefined();
    expect(templateProblem(text, true)).toBeDefined();
  });

  test('query needs the opt-in', () => {
    expect(templateProblem('{{ query "up" }}', false)).toMatch(/allowQueryInTemplates/);
    expect(templateProblem('{{ query "up" }}', true)).toBeUndefined();
  });

  test('escaped text is a template that parses, whatever the text', () => {
    for (const text of TEMPLATES) expect(templateProblem(escapeGoTemplate(text), false)).toBeUndefined();
  });
});
