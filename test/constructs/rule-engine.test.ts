import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import {
  ApiServiceSlo, CalendarWindow, PartialResponseStrategy, RuleEngine, ServiceTier, Sli, Slo, SloImport, SloProps, SloRuleSet,
} from '../../src';
import { validateAgainstSchema, validateObjectMeta } from '../documents/crd-schema-validator';
import { errorOf, openSloDocument } from '../documents/samples';
import { VM_RULE_SCHEMA } from '../fixtures/crds/vmrule-crd-schema';
import { checkRules, toRuleFile, withTempDir } from '../helpers/promtool';

function sloProps(name: string, extra: Partial<SloProps> = {}): SloProps {
  return {
    service: 'checkout',
    name,
    target: 0.999,
    indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
    ...extra,
  };
}

function newChart(): Chart {
  return new Chart(Testing.app(), 'slos', { namespace: 'monitoring' });
}

function synthOne(extra: Partial<SloProps>): any[] {
  const chart = newChart();
  new Slo(chart, 'slo', sloProps('availability', extra));
  return Testing.synth(chart);
}

/** The synthesis error of a chart, or '' when it synthesizes. */
function synthError(build: (chart: Chart) => void): string {
  const chart = newChart();
  return errorOf(() => {
    build(chart);
    Testing.synth(chart);
  });
}

/** A VMRule as the API server would check it: its CRD's schema, its metadata, group names unique (a list-map keyed by name). */
function vmRuleProblems(object: any): string[] {
  const names = (object.spec?.groups ?? []).map((g: any) => g.name);
  return [
    ...validateObjectMeta(object.metadata),
    ...validateAgainstSchema(object, VM_RULE_SCHEMA),
    ...(new Set(names).size === names.length ? [] : ['spec.groups: group names are not unique']),
  ];
}

/** `vmalert -dryRun` on the groups: vmalert parses every expression as MetricsQL and every group field. */
function vmalertDryRun(groups: any[]): { ok: boolean; output: string } {
  return withTempDir('vmalert', (dir) => {
    const file = path.join(dir, 'rules.yaml');
    fs.writeFileSync(file, YAML.stringify({ groups }));
    const result = spawnSync('vmalert', [`-rule=${file}`, '-dryRun'], { encoding: 'utf8' });
    if (result.error) throw new Error(`vmalert is required by this test (apt-get install -y victoria-metrics): ${result.error.message}`);
    return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
  });
}

describe('RuleEngine.prometheus (the default)', () => {
  test('the default and an explicit RuleEngine.prometheus() synthesize the same bytes, without the new group fields', () => {
    const implicit = synthOne({});
    const explicit = synthOne({ engine: RuleEngine.prometheus() });
    expect(JSON.stringify(explicit)).toBe(JSON.stringify(implicit));
    for (const group of implicit[0].spec.groups) {
      expect(Object.keys(group).sort()).toEqual(['interval', 'name', 'rules']);
    }
  });

  test('queryOffset is every group\'s query_offset, and promtool still checks the rules', () => {
    const [rule] = synthOne({ engine: RuleEngine.prometheus({ queryOffset: Duration.seconds(90) }) });
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.spec.groups.map((g: any) => g.query_offset)).toEqual(['1m30s', '1m30s']);
    // promtool 2.42 predates query_offset: the rule file keeps only the fields it knows
    expect(toRuleFile(rule.spec.groups).groups.every((g: any) => !('query_offset' in g))).toBe(true);
    const result = checkRules(rule.spec.groups);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  test('an explicit offset of zero is written (it overrides a global rule_query_offset)', () => {
    const [rule] = synthOne({ engine: RuleEngine.prometheus({ queryOffset: Duration.seconds(0) }) });
    expect(rule.spec.groups.map((g: any) => g.query_offset)).toEqual(['0s', '0s']);
  });

  test.each([
    ['NaN days', Duration.days(Number.NaN), 'a duration that is not a number'],
    ['1500ms', Duration.millis(1500), 'got 1.5s'],
    ['2h', Duration.hours(2), 'got 7200s'],
  ])('a bad queryOffset (%s) fails synthesis naming the path and the field', (_, offset, detail) => {
    const message = synthError((chart) => new Slo(chart, 'slo', sloProps('a', { engine: RuleEngine.prometheus({ queryOffset: offset }) })));
    expect(message).toContain('[slos/slo] engine.queryOffset: must be a whole number of seconds from 0 to 3600 (1h)');
    expect(message).toContain(detail);
  });
});

describe('RuleEngine.thanosRuler', () => {
  test('every group aborts on a partial response by default; WARN when asked', () => {
    const [abort] = synthOne({ engine: RuleEngine.thanosRuler() });
    expect(abort.kind).toBe('PrometheusRule');
    expect(abort.spec.groups.map((g: any) => g.partial_response_strategy)).toEqual(['abort', 'abort']);
    const [warn] = synthOne({ engine: RuleEngine.thanosRuler({ partialResponseStrategy: PartialResponseStrategy.WARN }) });
    expect(warn.spec.groups.map((g: any) => g.partial_response_strategy)).toEqual(['warn', 'warn']);
    expect(warn.spec.groups.every((g: any) => !('query_offset' in g))).toBe(true);
    // promtool checks the rules without Thanos' field
    expect(checkRules(abort.spec.groups).ok).toBe(true);
  });

  test('a strategy that is not one of the enum fails synthesis', () => {
    const message = synthError((chart) => new Slo(chart, 'slo', sloProps('a', { engine: RuleEngine.thanosRuler({ partialResponseStrategy: 'maybe' as any }) })));
    expect(message).toContain('[slos/slo] engine.partialResponseStrategy: must be PartialResponseStrategy.ABORT or WARN, got "maybe"');
  });
});

describe('RuleEngine.mimir', () => {
  test('splits groups over maxRulesPerGroup into <group>-2, ... with unique names, and promtool accepts them', () => {
    // GIVEN a calendar-month SLO, whose long-window group has 20 rules (the default limit)
    const unsplit = synthOne({ calendarWindow: CalendarWindow.MONTH })[0].spec.groups;
    expect(Math.max(...unsplit.map((g: any) => g.rules.length))).toBe(20);
    // WHEN it is written for Mimir with limits of 12 and of 1 (every rule a group of its own)
    const engines = [
      [RuleEngine.mimir({ maxRulesPerGroup: 12 }), 12],
      [RuleEngine.mimir({ maxRulesPerGroup: 1, maxRuleGroupsPerTenant: 100, queryOffset: Duration.minutes(2) }), 1],
    ] as const;
    for (const [engine, limit] of engines) {
      const [rule] = synthOne({ calendarWindow: CalendarWindow.MONTH, engine });
      const groups = rule.spec.groups;
      // THEN no group is over the limit, every rule is there once, in order, and names are unique
      expect(groups.every((g: any) => g.rules.length <= limit)).toBe(true);
      expect(groups.flatMap((g: any) => g.rules)).toEqual(unsplit.flatMap((g: any) => g.rules));
      expect(new Set(groups.map((g: any) => g.name)).size).toBe(groups.length);
      expect(groups.map((g: any) => g.name)).toContain('slo-checkout-availability-long-windows-2');
      expect(checkRules(groups).ok).toBe(true);
    }
    const [withOffset] = synthOne({ calendarWindow: CalendarWindow.MONTH, engine: engines[1][0] });
    expect(withOffset.spec.groups.every((g: any) => g.query_offset === '2m')).toBe(true);
  });

  test('the split is deterministic', () => {
    const a = synthOne({ calendarWindow: CalendarWindow.MONTH, engine: RuleEngine.mimir({ maxRulesPerGroup: 7 }) });
    const b = synthOne({ calendarWindow: CalendarWindow.MONTH, engine: RuleEngine.mimir({ maxRulesPerGroup: 7 }) });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test('bad limits and tenant fail synthesis naming the field', () => {
    const message = synthError((chart) => new Slo(chart, 'slo', sloProps('a', {
      engine: RuleEngine.mimir({ maxRulesPerGroup: 0, maxRuleGroupsPerTenant: 2.5, tenant: '' }),
    })));
    expect(message).toContain('[slos/slo] engine.maxRulesPerGroup: must be a whole number of at least 1, got 0');
    expect(message).toContain('[slos/slo] engine.maxRuleGroupsPerTenant: must be a whole number of at least 1, got 2.5');
    expect(message).toContain('[slos/slo] engine.tenant: must be a non-empty tenant id');
  });

  test('counts every group of a tenant across the app (own objects and rule sets) and reports the overflow once', () => {
    // GIVEN a tenant limit of 5 groups: two SLOs with their own objects (2 groups each) and a rule set with one SLO (2 groups)
    const message = synthError((chart) => {
      const engine = RuleEngine.mimir({ maxRuleGroupsPerTenant: 5, tenant: 'team-a' });
      new Slo(chart, 'first', sloProps('first', { engine }));
      new Slo(chart, 'second', sloProps('second', { engine }));
      const set = new SloRuleSet(chart, 'set', { engine });
      new Slo(chart, 'third', sloProps('third', { ruleSet: set }));
      // a different tenant is counted on its own
      new Slo(chart, 'other', sloProps('other', { engine: RuleEngine.mimir({ maxRuleGroupsPerTenant: 2, tenant: 'team-b' }) }));
    });
    // THEN one error, at the first construct of the tenant, with the count, the limit and the Mimir settings
    expect(message).toContain('[slos/first] engine.maxRuleGroupsPerTenant: the app writes 6 rule groups for the tenant "team-a", more than Mimir\'s limit of 5 rule groups per tenant');
    expect(message).toContain('ruler_max_rule_groups_per_tenant');
    expect(message).toContain('-ruler.max-rule-groups-per-tenant');
    expect(message).toContain('from 3 constructs, the most (2) from slos/first');
    expect(message.match(/engine\.maxRuleGroupsPerTenant:/g)).toHaveLength(1);
    expect(message).not.toContain('team-b');
  });

  test('within the limit, and for the other engines, nothing is counted', () => {
    expect(synthError((chart) => {
      for (let i = 0; i < 35; i++) new Slo(chart, `slo${i}`, sloProps(`slo-${i}`, { engine: RuleEngine.mimir() }));
    })).toBe('');
    expect(synthError((chart) => {
      for (let i = 0; i < 36; i++) new Slo(chart, `slo${i}`, sloProps(`slo-${i}`, { engine: RuleEngine.prometheus() }));
    })).toBe('');
    expect(synthError((chart) => {
      for (let i = 0; i < 36; i++) new Slo(chart, `slo${i}`, sloProps(`slo-${i}`, { engine: RuleEngine.mimir() }));
    })).toContain('the app writes 72 rule groups for the default tenant, more than Mimir\'s limit of 70');
  });

  test('a rule set splits its SLOs\' groups too, and its group-name check covers the parts', () => {
    const chart = newChart();
    const set = new SloRuleSet(chart, 'set', { engine: RuleEngine.mimir({ maxRulesPerGroup: 6 }) });
    new Slo(chart, 'a', sloProps('a', { ruleSet: set }));
    new Slo(chart, 'b', sloProps('b', { ruleSet: set }));
    const groups = Testing.synth(chart).flatMap((m: any) => m.spec.groups);
    expect(groups.every((g: any) => g.rules.length <= 6)).toBe(true);
    expect(groups.map((g: any) => g.name)).toContain('slo-checkout-a-short-windows-2');
    expect(new Set(groups.map((g: any) => g.name)).size).toBe(groups.length);
    expect(checkRules(groups).ok).toBe(true);
  });
});

describe('engines with rule sets and templates', () => {
  test('an SLO in a rule set uses the set\'s engine; a different engine on the SLO fails synthesis', () => {
    const message = synthError((chart) => {
      const set = new SloRuleSet(chart, 'set', { engine: RuleEngine.victoriaMetrics() });
      new Slo(chart, 'slo', sloProps('a', { ruleSet: set, engine: RuleEngine.prometheus() }));
    });
    expect(message).toContain('[slos/slo] engine: differs from the engine of the rule set slos/set (victoria-metrics)');
    // the same engine on both is fine, and the SLO reports the set's engine
    const chart = newChart();
    const set = new SloRuleSet(chart, 'set', { engine: RuleEngine.mimir({ tenant: 't' }) });
    const slo = new Slo(chart, 'slo', sloProps('a', { ruleSet: set, engine: RuleEngine.mimir({ tenant: 't' }) }));
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(slo.engine.kind).toBe('mimir');
    expect(slo.ruleObject).toBeUndefined();
  });

  test('a bad engine on a rule set fails synthesis at the set', () => {
    const message = synthError((chart) => new SloRuleSet(chart, 'set', { engine: RuleEngine.victoriaMetrics({ queryOffset: Duration.hours(3) }) }));
    expect(message).toContain('[slos/set] engine.queryOffset: must be a whole number of seconds from 0 to 3600 (1h), got 10800s');
  });

  test('imports forward the engine to every imported SLO', () => {
    const chart = newChart();
    const imported = SloImport.fromOpenSlo(chart, 'imported', openSloDocument(), { engine: RuleEngine.victoriaMetrics() });
    expect(imported.slos.length).toBeGreaterThan(0);
    const objects = Testing.synth(chart).filter((m: any) => m.spec?.groups);
    expect(objects.length).toBe(imported.slos.length);
    expect(objects.every((o: any) => o.kind === 'VMRule' && vmRuleProblems(o).length === 0)).toBe(true);
  });

  test('templates forward the engine to every objective', () => {
    const chart = newChart();
    new ApiServiceSlo(chart, 'payments', {
      service: 'payments',
      tier: ServiceTier.CRITICAL,
      selector: { job: 'payments' },
      latencyThreshold: Duration.millis(250),
      engine: RuleEngine.victoriaMetrics(),
    });
    const manifests = Testing.synth(chart).filter((m: any) => m.spec?.groups);
    expect(manifests.map((m: any) => m.metadata.name)).toEqual(['slo-payments-availability', 'slo-payments-latency']);
    expect(manifests.every((m: any) => m.kind === 'VMRule')).toBe(true);
  });
});

describe('RuleEngine.victoriaMetrics', () => {
  test('writes a VMRule that validates against the operator\'s CRD schema, with eval_delay for queryOffset', () => {
    const chart = newChart();
    const slo = new Slo(chart, 'slo', sloProps('availability', { engine: RuleEngine.victoriaMetrics({ queryOffset: Duration.seconds(45) }), ruleLabels: { team: 'a' } }));
    const [object] = Testing.synth(chart);
    expect(object.apiVersion).toBe('operator.victoriametrics.com/v1beta1');
    expect(object.kind).toBe('VMRule');
    expect(object.metadata).toEqual({ name: 'slo-checkout-availability', namespace: 'monitoring', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-slo', 'team': 'a' } });
    expect(vmRuleProblems(object)).toEqual([]);
    expect(object.spec.groups.map((g: any) => g.eval_delay)).toEqual(['45s', '45s']);
    // the same rules as the PrometheusRule, expressions as plain strings
    const [prometheusRule] = synthOne({});
    expect(object.spec.groups.map((g: any) => g.rules)).toEqual(prometheusRule.spec.groups.map((g: any) => g.rules));
    // `prometheusRule` is the PrometheusRule only; `ruleObject` is whatever holds the rules
    expect(slo.prometheusRule).toBeUndefined();
    expect(slo.ruleObject?.kind).toBe('VMRule');
    expect(slo.alertRules.length).toBeGreaterThan(0);
  });

  test('the short-window group runs every 15 s by default; the long-window group every 4 minutes', () => {
    const [object] = synthOne({ engine: RuleEngine.victoriaMetrics(), alerting: { minimumEvents: 500 } });
    expect(object.spec.groups.map((g: any) => g.interval)).toEqual(['15s', '4m']);
    // the guard counts events with the 15 s spacing
    const page = object.spec.groups[0].rules.find((r: any) => r.alert && r.labels.severity === 'critical');
    expect(page.expr).toMatch(/\) \* 15 >= 500$/);
    // an SLO in a rule set with the engine gets the same interval
    const chart = newChart();
    const set = new SloRuleSet(chart, 'set', { engine: RuleEngine.victoriaMetrics() });
    new Slo(chart, 'slo', sloProps('a', { ruleSet: set }));
    const [setObject] = Testing.synth(chart);
    expect(setObject.kind).toBe('VMRule');
    expect(setObject.spec.groups.map((g: any) => g.interval)).toEqual(['15s', '4m']);
  });

  test('shortWindowInterval sets it, and the event counts follow; 60 s is the rules of Prometheus', () => {
    const every30s = RuleEngine.victoriaMetrics({ shortWindowInterval: Duration.seconds(30) });
    const [object] = synthOne({ engine: every30s, alerting: { minimumEvents: 500 } });
    expect(object.spec.groups.map((g: any) => g.interval)).toEqual(['30s', '4m']);
    expect(object.spec.groups[0].rules.find((r: any) => r.alert).expr).toMatch(/\) \* 30 >= 500$/);
    const [calendar] = synthOne({ engine: every30s, calendarWindow: CalendarWindow.MONTH });
    const totals = calendar.spec.groups[1].rules.find((r: any) => r.record === 'slo:period_sli_total:increase');
    expect(totals.expr).toContain(') * 30\n');
    expect(totals.expr).toContain('* 135, "slo_window_part", "head"'); // (300 − 30) / 2
    const everyMinute = RuleEngine.victoriaMetrics({ shortWindowInterval: Duration.minutes(1) });
    const [minute] = synthOne({ engine: everyMinute, calendarWindow: CalendarWindow.MONTH });
    const [prometheusRule] = synthOne({ calendarWindow: CalendarWindow.MONTH });
    expect(minute.spec.groups).toEqual(prometheusRule.spec.groups);
  });

  test('a short-window interval that does not divide a minute into whole seconds fails synthesis naming the field', () => {
    const expected = (got: string) => `engine.shortWindowInterval: must be whole seconds dividing a minute (10s, 12s, 15s, 20s, 30s, 60s), got ${got}`;
    const withInterval = (shortWindowInterval: Duration) => synthError((chart) =>
      new Slo(chart, 'slo', sloProps('a', { engine: RuleEngine.victoriaMetrics({ shortWindowInterval }) })));
    expect(withInterval(Duration.seconds(45))).toContain(`[slos/slo] ${expected('45s')}`);
    expect(withInterval(Duration.millis(15_500))).toContain(`[slos/slo] ${expected('15.5s')}`);
    expect(withInterval(Duration.minutes(2))).toContain(`[slos/slo] ${expected('120s')}`);
    expect(synthError((chart) => new SloRuleSet(chart, 'set', { engine: RuleEngine.victoriaMetrics({ shortWindowInterval: Duration.seconds(5) }) })))
      .toContain(`[slos/set] ${expected('5s')}`);
    // an SLO with another interval than its rule set's is another engine
    expect(synthError((chart) => {
      const set = new SloRuleSet(chart, 'set', { engine: RuleEngine.victoriaMetrics() });
      new Slo(chart, 'slo', sloProps('a', { ruleSet: set, engine: RuleEngine.victoriaMetrics({ shortWindowInterval: Duration.seconds(30) }) }));
    })).toContain('[slos/slo] engine: differs from the engine of the rule set slos/set');
    // the default and an explicit 15 s are the same engine
    expect(RuleEngine.victoriaMetrics()._sameAs(RuleEngine.victoriaMetrics({ shortWindowInterval: Duration.seconds(15) }))).toBe(true);
  });

  test('the other engines keep the 1-minute short-window group', () => {
    for (const engine of [RuleEngine.prometheus(), RuleEngine.thanosRuler(), RuleEngine.mimir({ maxRulesPerGroup: 100 })]) {
      const [object] = synthOne({ engine });
      expect(object.spec.groups.map((g: any) => g.interval)).toEqual(['1m', '4m']);
    }
  });

  test('the schema check finds a broken VMRule (the check can fail)', () => {
    const [object] = synthOne({ engine: RuleEngine.victoriaMetrics() });
    const broken = { ...object, spec: { groups: [{ ...object.spec.groups[0], interval: 60, surprise: true }, object.spec.groups[0]] } };
    const problems = vmRuleProblems(broken);
    expect(problems).toContain('(root).spec.groups[0].interval: must be a string, got 60');
    expect(problems.some((p) => p.includes('surprise: is not a field of the schema'))).toBe(true);
    expect(problems).toContain('spec.groups: group names are not unique');
  });

  test('vmalert (1.79) parses every group and expression of calendar, latency and budget-policy SLOs', () => {
    const chart = newChart();
    const set = new SloRuleSet(chart, 'set', { engine: RuleEngine.victoriaMetrics() });
    new Slo(chart, 'a', sloProps('a', { ruleSet: set, calendarWindow: CalendarWindow.MONTH, budgetPolicy: { forecast: true } }));
    new Slo(chart, 'b', sloProps('b', { ruleSet: set, indicator: Sli.latency({ histogram: 'http_request_duration_seconds', threshold: Duration.millis(300) }) }));
    const objects = Testing.synth(chart);
    expect(objects.every((o: any) => o.kind === 'VMRule')).toBe(true);
    objects.forEach((o: any) => expect(vmRuleProblems(o)).toEqual([]));
    const result = vmalertDryRun(objects.flatMap((o: any) => o.spec.groups));
    if (!result.ok) throw new Error(result.output);
    expect(result.ok).toBe(true);
    // and it fails on a broken expression (the check can fail)
    expect(vmalertDryRun([{ name: 'x', rules: [{ record: 'a:b', expr: 'sum(rate(x[5m])' }] }]).ok).toBe(false);
  });
});
