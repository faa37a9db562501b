import { DiscoveredService, ObservedBehaviour, ServiceInventory } from '../../src/planning/service-inventory';
import {
  describeTierChoice, MIN_AVERAGE_QPS, nonProductionReason, planService, planSloGeneration, PROGRESSIVE_TARGET_LADDER,
  progressiveStartTarget, ServicePlanOutcome, ServiceSloPlan, serviceTypeOf,
} from '../../src/planning/slo-generation';

const OBSERVED: ObservedBehaviour = {
  lookbackSeconds: 604800,
  averageQps: 20,
  peakQps: 40,
  peakMultiplier: 2,
  trafficPattern: 'steady',
  errorRatio: 0.0001,
  latency: { p50: 0.05, p95: 0.2, p99: 0.4 },
};

function service(overrides: Partial<DiscoveredService> = {}, observed: Partial<ObservedBehaviour> | null = {}): DiscoveredService {
  return {
    name: 'checkout',
    namespace: 'shop',
    labels: {},
    annotations: {},
    selector: { namespace: 'shop', job: 'checkout' },
    ...(observed === null ? {} : { observed: { ...OBSERVED, ...observed } }),
    ...overrides,
  };
}

function planned(outcome: ServicePlanOutcome): ServiceSloPlan {
  if (outcome.kind !== 'plan') throw new Error(`expected a plan, got skipped: ${outcome.skipped.reasons.join('; ')}`);
  return outcome.plan;
}

function skipReasons(outcome: ServicePlanOutcome): readonly string[] {
  if (outcome.kind !== 'skip') throw new Error(`expected a skip, got a plan for ${outcome.plan.service}`);
  return outcome.skipped.reasons;
}

const STRICT = { progressive: false };
const PROGRESSIVE = { progressive: true };

describe('skip rules', () => {
  test.each([
    ['development', true], ['test', true], ['staging', true], ['dev', true], ['qa', true], ['stg', true],
    ['orders-dev', true], ['staging-eu', true], ['shop_test', true], ['team.sandbox', true], ['Staging', true],
    ['shop', false], ['production', false], ['prod', false], ['latest', false], ['contest', false], ['devices', false], ['testimonials', false],
  ])('namespace %s is non-production: %s', (namespace, skipped) => {
    const outcome = planService(service({ namespace }), STRICT);
    expect(outcome.kind).toBe(skipped ? 'skip' : 'plan');
    if (skipped) expect(skipReasons(outcome)[0]).toMatch(new RegExp(`^namespace "${namespace}" is not production`));
  });

  test('the reason says which part of the namespace marked it', () => {
    expect(nonProductionReason('staging')).toBe('namespace "staging" is not production');
    expect(nonProductionReason('orders-dev')).toBe('namespace "orders-dev" is not production (it contains "dev")');
    expect(nonProductionReason('orders')).toBeUndefined();
  });

  test.each([
    [0, 'skip'], [0.05, 'skip'], [0.0999, 'skip'], [MIN_AVERAGE_QPS, 'plan'], [0.1001, 'plan'], [5000, 'plan'],
  ])('average %d QPS → %s', (averageQps, kind) => {
    const outcome = planService(service({}, { averageQps }), STRICT);
    expect(outcome.kind).toBe(kind);
    if (kind === 'skip') expect(skipReasons(outcome)[0]).toMatch(/^average [\d.]+ QPS over 7d is under 0\.1 QPS: a 5-minute window holds about [\d.]+ requests/);
  });

  test('the low-traffic reason counts the requests in a 5-minute window', () => {
    expect(skipReasons(planService(service({}, { averageQps: 0.05 }), STRICT))).toEqual([
      'average 0.05 QPS over 7d is under 0.1 QPS: a 5-minute window holds about 15 requests, too few for burn-rate alerts',
    ]);
  });

  test('figures of a service younger than the lookback are described over the span its data covers', () => {
    expect(skipReasons(planService(service({}, { averageQps: 0.05, coveredSeconds: 3 * 86_400 }), STRICT))[0])
      .toMatch(/^average 0\.05 QPS over 3d is under 0\.1 QPS/);
  });

  test('no error data skips, even with latency data', () => {
    const outcome = planService(service({}, { errorRatio: undefined }), STRICT);
    expect(skipReasons(outcome)).toEqual(['no error data: discovery found no failed-request count for it, so availability cannot be measured']);
  });

  test('an unmeasured service is skipped with the measurement error', () => {
    expect(skipReasons(planService(service({ measurementError: 'query timed out' }, null), STRICT))).toEqual(['not measured: query timed out']);
    expect(skipReasons(planService(service({}, null), STRICT))).toEqual(['not measured: the inventory has no measurements for it (discover measures only with --prometheus-url)']);
  });

  test('every reason that applies is listed', () => {
    const outcome = planService(service({ namespace: 'staging', labels: { 'service-type': 'batch' } }, { averageQps: 0.01, errorRatio: undefined }), STRICT);
    expect(skipReasons(outcome).map((r) => r.split(':')[0])).toEqual([
      'namespace "staging" is not production', 'label service-type="batch"', 'average 0.01 QPS over 7d is under 0.1 QPS', 'no error data',
    ]);
  });

  test.each([
    ['a name that is not a DNS label', { name: 'Check_Out' }, /^the name "Check_Out" is not a lowercase DNS label/],
    ['an empty selector', { selector: {} }, /^no selector: an SLO would count the requests of every service$/],
    ['a selector label name Prometheus rejects', { selector: { 'app.kubernetes.io/name': 'x' } }, /^selector: label name "app\.kubernetes\.io\/name" is invalid/],
    ['a reserved selector label', { selector: { __name__: 'x' } }, /^selector: label name "__name__" starts with "__"/],
    ['a selector value with a newline', { selector: { job: 'a\nb' } }, /^selector: label value "a\\nb" contains a control character/],
  ])('%s is skipped', (_, overrides, reason) => {
    expect(skipReasons(planService(service(overrides), STRICT))).toEqual([expect.stringMatching(reason)]);
  });
});

describe('template choice', () => {
  test.each([
    [{}, 'api', 'api: no service-type label (HTTP API by default)'],
    [{ 'service-type': 'api' }, 'api', 'api: label service-type="api"'],
    [{ 'service-type': 'Frontend' }, 'web', 'web: label service-type="Frontend"'],
    [{ 'service-type': ' WEB ' }, 'web', 'web: label service-type=" WEB "'],
    [{ 'service-type': 'grpc' }, 'api', 'api: label service-type="grpc" is not a known type (api, web, batch, streaming, database)'],
  ])('labels %j → %s', (labels, template, reason) => {
    const plan = planned(planService(service({ labels }), STRICT));
    expect(plan.template).toBe(template);
    expect(plan.templateReason).toBe(reason);
  });

  test.each([
    ['batch', 'BatchPipelineSlo'], ['cronjob', 'BatchPipelineSlo'], ['streaming', 'StreamingServiceSlo'],
    ['consumer', 'StreamingServiceSlo'], ['database', 'DatabaseSlo'], ['db', 'DatabaseSlo'],
  ])('service-type %s is skipped, pointing at %s', (type, template) => {
    const [reason] = skipReasons(planService(service({ labels: { 'service-type': type } }), STRICT));
    expect(reason).toMatch(/discovery measured HTTP requests, which do not describe it/);
    expect(reason).toContain(`write a ${template} by hand`);
  });

  test('an annotation counts when no label says', () => {
    expect(serviceTypeOf({ labels: {}, annotations: { 'service-type': 'web' } })).toEqual({ template: 'web', reason: 'web: annotation service-type="web"' });
  });
});

describe('tier classification from labels', () => {
  test.each([
    [{ tier: 'critical' }, {}, 'critical', 'tier label "critical"'],
    [{ tier: 'tier-3' }, {}, 'standard', 'tier label "tier-3"'],
    [{ tier: 'essential' }, { tier: 'standard' }, 'essential', 'tier label "essential"'],
    [{}, { tier: 'best-effort' }, 'best-effort', 'tier label "best-effort"'],
    [{ 'revenue-impact': 'true', 'customer-facing': 'yes' }, {}, 'essential', 'score 5 from revenue-impacting +3, customer-facing +2 (6+ critical, 4+ essential, 2+ standard, else best-effort)'],
    [{ 'revenue-impact': 'high', 'customer-facing': 'true', 'data-sensitivity': 'high' }, {}, 'critical', 'score 6 from revenue-impacting +3, customer-facing +2, high data sensitivity +1 (6+ critical, 4+ essential, 2+ standard, else best-effort)'],
    [{ 'customer-facing': 'false' }, {}, 'best-effort', 'score 0: nothing that scores (6+ critical, 4+ essential, 2+ standard, else best-effort)'],
    [{ tier: 'gold' }, {}, 'best-effort', 'score 0: nothing that scores; tier label "gold" names no tier (critical, essential, standard, best-effort); scored instead (6+ critical, 4+ essential, 2+ standard, else best-effort)'],
  ])('labels %j annotations %j → %s', (labels, annotations, tier, why) => {
    const plan = planned(planService(service({ labels, annotations }), STRICT));
    expect(plan.tier).toBe(tier);
    expect(describeTierChoice(plan)).toBe(why);
  });

  test.each([[1000, 'best-effort'], [1000.5, 'standard']])('average %d QPS scores high traffic only above 1000 → %s', (averageQps, tier) => {
    expect(planned(planService(service({}, { averageQps }), STRICT)).tier).toBe(tier);
  });

  test('a web service counts as customer-facing unless labelled otherwise, as WebServiceSlo does', () => {
    const web = planned(planService(service({ labels: { 'service-type': 'web', 'revenue-impact': 'true' } }), STRICT));
    expect(web.tier).toBe('essential');
    expect(web.tierReasons).toEqual(['revenue-impacting +3', 'customer-facing +2 (web services count as customer-facing unless labelled customer-facing=false)']);
    const notFacing = planned(planService(service({ labels: { 'service-type': 'web', 'revenue-impact': 'true', 'customer-facing': 'no' } }), STRICT));
    expect(notFacing.tier).toBe('standard'); // revenue-impacting +3 only
  });

  test('a flag that is neither true nor false is noted and ignored', () => {
    const plan = planned(planService(service({ labels: { 'revenue-impact': 'maybe' } }), STRICT));
    expect(plan.tier).toBe('best-effort');
    expect(plan.notes).toContain('label revenue-impact="maybe" ignored: expected true or false');
  });

  test('the team comes from the team label or annotation; a value Prometheus would reject is dropped with a note', () => {
    expect(planned(planService(service({ annotations: { team: 'payments' } }), STRICT)).team).toBe('payments');
    const plan = planned(planService(service({ labels: { team: 'a{{b}}' } }), STRICT));
    expect(plan.team).toBeUndefined();
    expect(plan.notes[0]).toMatch(/^label team not used as the team label: label value "a\{\{b\}\}" contains "\{\{"/);
  });
});

describe('latency threshold: observed p95 × 1.2, rounded up to a bucket', () => {
  test.each([
    [0.0001, 0.005], [0.004, 0.005], [0.0625, 0.075], [0.07, 0.1], [0.2, 0.25], [0.2083, 0.25],
    [0.21, 0.5], [0.212, 0.5], [0.8, 1], [2, 2.5], [8.3, 10],
  ])('p95 %ds → %ds', (p95, threshold) => {
    const plan = planned(planService(service({}, { latency: { p50: 0, p95, p99: p95 } }), STRICT));
    expect(plan.latency?.thresholdSeconds).toBe(threshold);
    expect(plan.latency?.target).toBe(0.95);
  });

  test('the reason shows the arithmetic', () => {
    const plan = planned(planService(service({ labels: { tier: 'critical' } }, { latency: { p50: 0, p95: 0.212, p99: 1 } }), STRICT));
    expect(plan.latency?.reason).toBe('p95 212ms × 1.2 = 254.4ms, rounded up to the histogram bucket 500ms; target 95% (the p95 promises no more; the critical tier\'s latency target is 99.9%)');
  });

  test('beyond the largest bucket, or without a histogram, there is no latency objective', () => {
    const slow = planned(planService(service({}, { latency: { p50: 1, p95: 8.4, p99: 20 } }), STRICT));
    expect(slow.latency).toBeUndefined();
    expect(slow.notes).toEqual(['no latency objective: p95 8.4s × 1.2 = 10.08s is above the largest histogram bucket (10s)']);
    const none = planned(planService(service({}, { latency: undefined }), STRICT));
    expect(none.latency).toBeUndefined();
    expect(none.notes).toEqual(['no latency objective: discovery found no request-duration histogram']);
  });

  test.each([
    [0, '0ms'], [Number.NaN, 'NaN'], [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('a p95 of %d is no latency data: no latency objective, with a note (not the smallest bucket)', (p95, shown) => {
    const plan = planned(planService(service({}, { latency: { p50: 0, p95, p99: 0 } }), STRICT));
    expect(plan.latency).toBeUndefined();
    expect(plan.notes).toEqual([`no latency objective: the measured p95 is ${shown}, so the request-duration histogram has no useful observations; set latencyThreshold by hand`]);
    expect(plan.availability.target).toBe(0.99);
  });

  test('other buckets can be given', () => {
    const plan = planned(planService(service({}, { latency: { p50: 0, p95: 0.2, p99: 1 } }), { progressive: false, histogramBuckets: [0.3, 0.1] }));
    expect(plan.latency?.thresholdSeconds).toBe(0.3);
  });
});

describe('targets', () => {
  test.each([
    ['critical', 0.9995, 0.95], ['essential', 0.999, 0.95], ['standard', 0.995, 0.95], ['best-effort', 0.99, 0.95],
  ])('without --progressive a %s service gets the tier\'s availability target and a 95%% latency target, no goals', (tier, availability, latency) => {
    const plan = planned(planService(service({ labels: { tier } }, { errorRatio: 0.05 }), STRICT));
    expect(plan.availability).toEqual({ target: availability, reason: expect.stringMatching(new RegExp(`, the ${tier} tier's availability target \\(achieved 95% over 7d\\)$`)) });
    expect(plan.latency).toMatchObject({ target: latency });
    expect(plan.latency?.goalTarget).toBeUndefined();
  });

  test('the progressive ladder is every tier target, strictest first', () => {
    expect(PROGRESSIVE_TARGET_LADDER).toEqual([0.9995, 0.999, 0.995, 0.99, 0.95]);
  });

  test.each([
    [0.99999, 0.9995, 0.9995], [0.9995, 0.9995, 0.9995], [0.99949, 0.9995, 0.999], [1 - 0.001, 0.9995, 0.999],
    [0.9989, 0.9995, 0.995], [0.99, 0.9995, 0.99], [0.96, 0.9995, 0.95], [0.95, 0.999, 0.95], [0.9499, 0.9995, undefined],
    [0.99999, 0.995, 0.995],
  ])('achieved %d with goal %d starts at %s', (achieved, goal, start) => {
    expect(progressiveStartTarget(achieved, goal)).toBe(start);
  });

  test.each([
    // errorRatio, tier, start, goal
    [0.0012, 'critical', 0.995, 0.9995],
    [0.001, 'essential', 0.999, undefined],
    [0.0004, 'essential', 0.999, undefined],
    [0.02, 'standard', 0.95, 0.995],
    [0, 'best-effort', 0.99, undefined],
    [0.0051, 'best-effort', 0.99, undefined],
    [0.0101, 'best-effort', 0.95, 0.99],
  ])('--progressive with error ratio %d on a %s service starts availability at %d, goal %s', (errorRatio, tier, start, goal) => {
    const plan = planned(planService(service({ labels: { tier } }, { errorRatio }), PROGRESSIVE));
    expect(plan.availability.target).toBe(start);
    expect(plan.availability.goalTarget).toBe(goal);
  });

  test('--progressive records the latency goal: the tier\'s latency target', () => {
    const plan = planned(planService(service({ labels: { tier: 'critical' } }, { errorRatio: 0.0012 }), PROGRESSIVE));
    expect(plan.availability.reason).toBe('starts at 99.5% (achieved 99.88% over 7d, rounded down to a tier target); goal 99.95%, the critical tier\'s target');
    expect(plan.latency).toEqual({
      target: 0.95,
      goalTarget: 0.999,
      thresholdSeconds: 0.25,
      reason: 'p95 200ms × 1.2 = 240ms, rounded up to the histogram bucket 250ms; starts at 95% (the p95 promises no more); goal 99.9%, the critical tier\'s latency target',
    });
    const bestEffort = planned(planService(service({}, { errorRatio: 0.0012 }), PROGRESSIVE));
    expect(bestEffort.latency?.goalTarget).toBeUndefined();
  });

  test('without --progressive a target above what the service achieved warns: the burn rate and the alert that fires at once', () => {
    const poor = planned(planService(service({}, { errorRatio: 0.5 }), STRICT));
    expect(poor.availability.target).toBe(0.99);
    const warning = 'achieved 50% over 7d, below the 99% target: the error budget burns at 50× its sustainable rate, so the 1h/5m burn-rate alert '
      + '(14.4×, a notification for the best-effort tier) fires at once; consider --progressive, which starts at what the service achieved';
    expect(poor.warnings).toEqual([warning]);
    expect(poor.notes).toContain(warning);
    // critical: 99.88% achieved against 99.95% burns at 2.4×: only the 3-day ticket (1×) fires
    expect(planned(planService(service({ labels: { tier: 'critical' } }, { errorRatio: 0.0012 }), STRICT)).warnings).toEqual([
      'achieved 99.88% over 7d, below the 99.95% target: the error budget burns at 2.4× its sustainable rate, so the 3d/6h burn-rate alert '
      + '(1×, a ticket for the critical tier) fires at once; consider --progressive, which starts at what the service achieved',
    ]);
    expect(planned(planService(service({ labels: { tier: 'critical' } }, { errorRatio: 0.01 }), STRICT)).warnings[0]).toMatch(/burns at 20× .* the 1h\/5m burn-rate alert \(14\.4×, a page for the critical tier\)/);
    expect(planned(planService(service({ labels: { tier: 'essential' } }, { errorRatio: 0.007 }), STRICT)).warnings[0]).toMatch(/burns at 7× .* the 6h\/30m burn-rate alert \(6×, a ticket for the essential tier\)/);
  });

  test.each([
    ['met exactly', 0.01, STRICT], ['met', 0.0001, STRICT], ['progressive', 0.04, PROGRESSIVE], ['progressive, already met', 0, PROGRESSIVE],
  ])('no warning when the target is achieved (%s)', (_, errorRatio, options) => {
    const plan = planned(planService(service({}, { errorRatio }), options));
    expect(plan.warnings).toEqual([]);
    expect(plan.notes.join()).not.toMatch(/progressive/);
  });

  test('--progressive skips a service below the loosest tier target; without it the service gets its tier target', () => {
    expect(skipReasons(planService(service({}, { errorRatio: 0.06 }), PROGRESSIVE))).toEqual([
      'achieved 94% availability over 7d, below 95% (the loosest tier target): fix the errors, or check that the error metric counts what you think, before it gets an SLO',
    ]);
    expect(planned(planService(service({}, { errorRatio: 0.06 }), STRICT)).availability.target).toBe(0.99);
  });
});

describe('planSloGeneration', () => {
  function inventory(services: DiscoveredService[]): ServiceInventory {
    return { apiVersion: 'cdk8s-slo.dev/v1alpha1', kind: 'ServiceInventory', measuredAt: '2025-01-01T00:00:00Z', lookbackSeconds: 604800, services, failures: [] };
  }

  test('a name used in several namespaces gets the namespace in its SLO service name', () => {
    const plan = planSloGeneration(inventory([
      service({ name: 'payments', namespace: 'eu' }), service({ name: 'payments', namespace: 'us' }), service({ name: 'cart' }),
    ]), STRICT);
    expect(plan.services.map((s) => s.service)).toEqual(['payments-eu', 'payments-us', 'cart']);
    expect(plan.services[0].notes).toContain('SLO service name "payments-eu": services named "payments" exist in several namespaces');
  });

  test.each([
    ['real name first', [0, 1, 2]], ['real name last', [1, 2, 0]], ['real name between', [1, 0, 2]], ['reversed', [2, 1, 0]],
  ])('an invented name never displaces a service\'s own name, in any order (%s)', (_, order) => {
    const services = [
      service({ name: 'payments-eu', namespace: 'shop' }), service({ name: 'payments', namespace: 'eu' }), service({ name: 'payments', namespace: 'us' }),
    ];
    const plan = planSloGeneration(inventory(order.map((i) => services[i])), STRICT);
    expect(plan.services.map((s) => `${s.namespace}/${s.name}=${s.service}`).sort()).toEqual(['shop/payments-eu=payments-eu', 'us/payments=payments-us']);
    expect(plan.skipped).toEqual([{
      name: 'payments',
      namespace: 'eu',
      reasons: ['its SLO service name would be "payments-eu" (services named "payments" exist in several namespaces), which is the name of shop/payments-eu; rename one of them'],
    }]);
  });

  test('two services that would invent the same name are both skipped, in any order', () => {
    const services = [
      service({ name: 'a-b', namespace: 'c' }), service({ name: 'a-b', namespace: 'x' }),
      service({ name: 'a', namespace: 'b-c' }), service({ name: 'a', namespace: 'y' }),
    ];
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0]]) {
      const plan = planSloGeneration(inventory(order.map((i) => services[i])), STRICT);
      expect(plan.services.map((s) => s.service).sort()).toEqual(['a-b-x', 'a-y']);
      expect(plan.skipped.map((s) => [`${s.namespace}/${s.name}`, s.reasons]).sort()).toEqual([
        ['b-c/a', ['its SLO service name would be "a-b-c" (services named "a" exist in several namespaces), as would c/a-b\'s; rename one of them']],
        ['c/a-b', ['its SLO service name would be "a-b-c" (services named "a-b" exist in several namespaces), as would b-c/a\'s; rename one of them']],
      ]);
    }
  });

  test('only services that get SLOs compete for a name: a skipped staging/checkout leaves shop/checkout its name', () => {
    const plan = planSloGeneration(inventory([service({ namespace: 'staging' }), service({ namespace: 'shop' })]), STRICT);
    expect(plan.services.map((s) => s.service)).toEqual(['checkout']);
    expect(plan.services[0].notes).toEqual([]);
    expect(plan.skipped.map((s) => s.namespace)).toEqual(['staging']);
  });

  test('services are planned and skipped in inventory order', () => {
    const plan = planSloGeneration(inventory([
      service({ name: 'a' }), service({ name: 'b', namespace: 'test' }), service({ name: 'c' }),
    ]), STRICT);
    expect(plan.services.map((s) => s.name)).toEqual(['a', 'c']);
    expect(plan.skipped.map((s) => s.name)).toEqual(['b']);
  });
});
