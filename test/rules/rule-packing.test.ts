import * as fc from 'fast-check';
import { MAX_SHARDS, PackableRules, packRules, stableHash } from '../../src/rules/rule-packing';

const item = (key: string, sizeBytes: number): PackableRules => ({ key, groups: [], sizeBytes });
const shardOfKey = (packing: ReturnType<typeof packRules>) =>
  new Map(packing.shards.flatMap((members, shard) => members.map((m) => [m.key, shard] as [string, number])));

describe('stableHash', () => {
  test('is FNV-1a over UTF-8 (known values), so shards never depend on the machine', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(stableHash('foobar')).toBe(0xbf9cf968);
    expect(stableHash('é')).toBe(stableHash('\u00e9'));
  });
});

describe('packRules', () => {
  test('one object while everything fits', () => {
    const packing = packRules([item('a/x', 10), item('b/y', 20)], 100);
    expect(packing.shardCount).toBe(1);
    expect(packing.shards[0].map((m) => m.key)).toEqual(['a/x', 'b/y']);
  });

  test('every shard stays under the limit, and the count is the smallest power of two that fits', () => {
    const items = Array.from({ length: 300 }, (_, i) => item(`svc-${i % 17}/slo-${i}`, 1000 + (i % 7) * 100));
    const packing = packRules(items, 20_000);
    const sizes = packing.shards.map((members) => members.reduce((sum, m) => sum + m.sizeBytes, 0));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(20_000);
    expect(Number.isInteger(Math.log2(packing.shardCount))).toBe(true);
    // half as many objects would not fit
    const half = packing.shardCount / 2;
    const halfSizes = new Array(half).fill(0);
    for (const m of items) halfSizes[stableHash(m.key) % half] += m.sizeBytes;
    expect(Math.max(...halfSizes)).toBeGreaterThan(20_000);
    expect(packing.shards.flat()).toHaveLength(300);
  });

  test('adding an SLO moves no other SLO unless the count grows, and then only from shard k to k or k + n', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 80 }),
      fc.string({ minLength: 1, maxLength: 12 }),
      (keys, extra) => {
        fc.pre(!keys.includes(extra));
        const before = packRules(keys.map((k) => item(k, 100)), 1000);
        const after = packRules([...keys, extra].map((k) => item(k, 100)), 1000);
        const was = shardOfKey(before);
        const now = shardOfKey(after);
        for (const key of keys) {
          if (after.shardCount === before.shardCount) {
            expect(now.get(key)).toBe(was.get(key));
          } else {
            expect(now.get(key)! % before.shardCount).toBe(was.get(key));
          }
        }
      },
    ), { numRuns: 200, seed: 20261127 });
  });

  test('input order does not matter', () => {
    const items = Array.from({ length: 50 }, (_, i) => item(`s/${i}`, 300));
    const forward = packRules(items, 2000);
    const backward = packRules([...items].reverse(), 2000);
    expect(backward).toEqual(forward);
  });

  test('an SLO larger than the limit, or a limit far too small, is an error', () => {
    expect(() => packRules([item('big/one', 5000)], 1000)).toThrow('the rules of big/one take 5000 bytes, more than the 1000 allowed per object');
    const many = Array.from({ length: MAX_SHARDS * 3 }, (_, i) => item(`s/${i}`, 10));
    expect(() => packRules(many, 10)).toThrow(/cannot fit the rules of 12288 SLOs into 4096 objects/);
  });
});
