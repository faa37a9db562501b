import { SRE_WORKBOOK_WINDOW_PAIRS } from '../../src/model/burn-rate';
import {
  classifyServiceTier, parseTierName, ServiceCharacteristicsData, TIER_NAMES, TIER_PROFILES, tierWindowPairs,
} from '../../src/model/service-tier';

describe('classifyServiceTier', () => {
  // Every scoring edge: each fact alone, the sums that land on 1..8, and the thresholds 2, 4 and 6.
  const table: Array<[string, ServiceCharacteristicsData, number, string]> = [
    ['nothing known', {}, 0, 'best-effort'],
    ['high sensitivity alone', { dataSensitivity: 'high' }, 1, 'best-effort'],
    ['customer-facing alone', { customerFacing: true }, 2, 'standard'],
    ['high traffic alone', { averageQps: 1500 }, 2, 'standard'],
    ['revenue alone', { revenueImpacting: true }, 3, 'standard'],
    ['customer-facing + sensitive', { customerFacing: true, dataSensitivity: 'high' }, 3, 'standard'],
    ['customer-facing + traffic', { customerFacing: true, averageQps: 5000 }, 4, 'essential'],
    ['revenue + sensitive', { revenueImpacting: true, dataSensitivity: 'high' }, 4, 'essential'],
    ['revenue + customer-facing', { revenueImpacting: true, customerFacing: true }, 5, 'essential'],
    ['customer-facing + traffic + sensitive', { customerFacing: true, averageQps: 2000, dataSensitivity: 'high' }, 5, 'essential'],
    ['revenue + customer-facing + sensitive', { revenueImpacting: true, customerFacing: true, dataSensitivity: 'high' }, 6, 'critical'],
    ['revenue + traffic + sensitive', { revenueImpacting: true, averageQps: 1001, dataSensitivity: 'HIGH' }, 6, 'critical'],
    ['revenue + customer-facing + traffic', { revenueImpacting: true, customerFacing: true, averageQps: 1200 }, 7, 'critical'],
    ['everything', { revenueImpacting: true, customerFacing: true, averageQps: 1e6, dataSensitivity: 'high' }, 8, 'critical'],
    ['QPS of exactly 1000 is not over 1000', { customerFacing: true, averageQps: 1000 }, 2, 'standard'],
    ['QPS just over 1000 counts', { customerFacing: true, averageQps: 1000.5 }, 4, 'essential'],
    ['medium sensitivity scores nothing', { customerFacing: true, dataSensitivity: 'medium' }, 2, 'standard'],
    ['explicit false scores nothing', { revenueImpacting: false, customerFacing: false }, 0, 'best-effort'],
  ];

  test.each(table)('%s: score %d → %s', (_, characteristics, score, tier) => {
    const result = classifyServiceTier(characteristics);
    expect(result.score).toBe(score);
    expect(result.tier).toBe(tier);
  });

  test('an explicit tier label wins over any score', () => {
    const result = classifyServiceTier({ tierLabel: 'best-effort', revenueImpacting: true, customerFacing: true, averageQps: 1e6, dataSensitivity: 'high' });
    expect(result).toEqual({ tier: 'best-effort', reasons: ['tier label "best-effort"'] });
    expect(classifyServiceTier({ tierLabel: 'Critical' }).tier).toBe('critical');
  });

  test('an unknown tier label falls back to the score and says so', () => {
    const result = classifyServiceTier({ tierLabel: 'gold', revenueImpacting: true, customerFacing: true });
    expect(result.tier).toBe('essential');
    expect(result.score).toBe(5);
    expect(result.reasons[0]).toMatch(/"gold" names no tier/);
    expect(result.reasons).toContain('revenue-impacting +3');
  });

  test('a blank tier label is ignored', () => {
    expect(classifyServiceTier({ tierLabel: '  ', customerFacing: true })).toEqual({ tier: 'standard', score: 2, reasons: ['customer-facing +2'] });
  });
});

describe('parseTierName', () => {
  test.each([
    ['critical', 'critical'], ['CRITICAL', 'critical'], ['tier-1', 'critical'], ['tier1', 'critical'],
    ['essential', 'essential'], ['tier_2', 'essential'], ['standard', 'standard'], ['Tier 3', 'standard'],
    ['best-effort', 'best-effort'], ['best_effort', 'best-effort'], ['Best Effort', 'best-effort'], ['besteffort', 'best-effort'], ['tier4', 'best-effort'],
  ])('%s → %s', (text, tier) => expect(parseTierName(text)).toBe(tier));

  test.each(['gold', '', 'tier-5', 'crit'])('%j names no tier', (text) => expect(parseTierName(text)).toBeUndefined());
});

describe('tier profiles', () => {
  test('targets are as documented and strictly ordered', () => {
    expect(TIER_NAMES.map((name) => TIER_PROFILES[name].target)).toEqual([0.9995, 0.999, 0.995, 0.99]);
    expect(TIER_NAMES.map((name) => TIER_PROFILES[name].latencyTarget)).toEqual([0.999, 0.995, 0.99, 0.95]);
  });

  test('critical pages on fast burn and tickets on slow burn; lower tiers never page more', () => {
    const routing = (tier: typeof TIER_NAMES[number]) => tierWindowPairs(tier).map((p) => `${p.severity}:${p.labels!.channel}`);
    expect(routing('critical')).toEqual(['critical:pagerduty-critical', 'critical:pagerduty-critical', 'warning:slack-incidents', 'warning:slack-incidents']);
    expect(routing('essential')).toEqual(['critical:pagerduty-critical', 'warning:slack-incidents', 'warning:slack-incidents', 'info:slack-alerts']);
    expect(routing('standard')).toEqual(['warning:slack-incidents', 'warning:slack-incidents', 'info:slack-alerts', 'info:slack-alerts']);
    expect(routing('best-effort')).toEqual(['info:slack-alerts', 'info:slack-alerts', 'info:slack-alerts', 'info:slack-alerts']);
    const rank = { critical: 0, warning: 1, info: 2 } as Record<string, number>;
    for (let i = 1; i < TIER_NAMES.length; i++) {
      const stricter = tierWindowPairs(TIER_NAMES[i - 1]);
      tierWindowPairs(TIER_NAMES[i]).forEach((pair, index) => expect(rank[pair.severity]).toBeGreaterThanOrEqual(rank[stricter[index].severity]));
    }
  });

  test('every tier keeps the SRE workbook windows, the long window always the longer one', () => {
    for (const tier of TIER_NAMES) {
      const pairs = tierWindowPairs(tier);
      expect(pairs.map((p) => [p.longSeconds, p.shortSeconds, p.budgetConsumed])).toEqual(
        SRE_WORKBOOK_WINDOW_PAIRS.map((p) => [p.longSeconds, p.shortSeconds, p.budgetConsumed]));
      for (const pair of pairs) expect(pair.longSeconds).toBeGreaterThan(pair.shortSeconds);
    }
  });

  test('budget policies: critical and essential review and freeze, lower tiers review at 10%', () => {
    const steps = (tier: typeof TIER_NAMES[number]) => TIER_PROFILES[tier].budgetPolicy.map((s) => `${s.action}@${s.remainingBelow}`);
    expect(steps('critical')).toEqual(['review@0.25', 'freeze@0.1']);
    expect(steps('essential')).toEqual(['review@0.25', 'freeze@0.1']);
    expect(steps('standard')).toEqual(['review@0.1']);
    expect(steps('best-effort')).toEqual(['review@0.1']);
  });
});
