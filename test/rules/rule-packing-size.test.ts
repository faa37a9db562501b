/**
 * What rule-packing.test.ts leaves open: how an SLO's size is measured (UTF-8 bytes of the JSON the API
 * server stores), that the limit is inclusive, and the empty packing.
 */
import { PackableRules, packRules, rulesSizeBytes, stableHash } from '../../src/rules/rule-packing';
import { generateSloRuleGroups } from '../../src/rules/slo-rule-groups';
import { definition } from '../helpers/slo-definitions';

const item = (key: string, sizeBytes: number): PackableRules => ({ key, groups: [], sizeBytes });

describe('rulesSizeBytes', () => {
  test('UTF-8 bytes of compact JSON', () => {
    // [{"name":"g","interval":"1m","rules":[]}] is 41 characters, one byte each
    expect(rulesSizeBytes([{ name: 'g', interval: '1m', rules: [] }])).toBe(41);
    // "é" is one character but two bytes in UTF-8
    expect(rulesSizeBytes([{ name: 'é', interval: '1m', rules: [] }])).toBe(42);
    expect(rulesSizeBytes([])).toBe(2);
  });

  test('a label value on every series counts once per rule: the default SLO has 23 rules', () => {
    // short group: 3 five-minute rules + current burn rate + 2 hourly copies + 4 ratios (30m, 1h, 2h, 6h)
    // + 2 alerts = 12; long group: 2 previous-hour sums + 3 ratios (1d, 3d, 30d) + 4 budget series + 2 alerts = 11.
    // "zoë" is one byte longer than "zoe".
    const ascii = generateSloRuleGroups(definition({ labels: { owner: 'zoe' } }));
    const accented = generateSloRuleGroups(definition({ labels: { owner: 'zoë' } }));
    expect(ascii.flatMap((group) => group.rules)).toHaveLength(23);
    expect(rulesSizeBytes(accented) - rulesSizeBytes(ascii)).toBe(23);
  });
});

describe('packRules: edges', () => {
  test('nothing to pack: one empty object', () => {
    expect(packRules([], 100)).toEqual({ shardCount: 1, shards: [[]] });
  });

  test('the limit is inclusive: a shard of exactly maxBytes fits', () => {
    expect(packRules([item('a/x', 60), item('b/y', 40)], 100).shardCount).toBe(1);
    expect(packRules([item('big/one', 100)], 100).shardCount).toBe(1);
  });

  test('four SLOs of 100 bytes under a 200-byte limit: two objects of exactly 200, split by hash parity', () => {
    const keys = ['checkout/availability', 'checkout/latency', 'search/availability', 'search/latency'];
    const packing = packRules(keys.map((key) => item(key, 100)), 200);
    expect(packing.shardCount).toBe(2);
    const expected: string[][] = [[], []];
    for (const key of keys) expected[stableHash(key) % 2].push(key);
    expect(packing.shards.map((members) => members.map((m) => m.key))).toEqual(expected);
    expect(packing.shards.map((members) => members.reduce((sum, m) => sum + m.sizeBytes, 0))).toEqual([200, 200]);
  });
});
