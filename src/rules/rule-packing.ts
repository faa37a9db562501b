/**
 * Packing many SLOs' rule groups into few PrometheusRule objects, each under a size limit.
 *
 * An SLO's shard is a hash of its identity modulo the shard count, and the shard count is the smallest
 * power of two for which every shard fits. So adding or removing an SLO changes only the object that
 * holds it; only when the count has to grow does every object split in two (an SLO in shard k of n
 * moves to k or k + n), never a reshuffle by position.
 */
import { RuleGroup } from './rule';

/** One SLO's rules and its serialized size. */
export interface PackableRules {
  /** A stable identity, `service/name`. */
  readonly key: string;
  readonly groups: readonly RuleGroup[];
  /** Bytes the groups add to a PrometheusRule object (JSON, as the API server and kubectl store it). */
  readonly sizeBytes: number;
}

/** The packing result: shard count and the members of each shard, in key order. */
export interface RulePacking {
  readonly shardCount: number;
  readonly shards: readonly (readonly PackableRules[])[];
}

/** The most objects a packing may use before it gives up (the limit is then far too small). */
export const MAX_SHARDS = 4096;

/** 32-bit FNV-1a of the UTF-8 bytes: stable across runs, machines and Node versions. */
/* eslint-disable no-bitwise -- a hash is bit arithmetic */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
/* eslint-enable no-bitwise */

/** The size an SLO's groups add to an object. */
export function rulesSizeBytes(groups: readonly RuleGroup[]): number {
  return Buffer.byteLength(JSON.stringify(groups), 'utf8');
}

/**
 * Assigns every SLO to a shard so that no shard's groups exceed `maxBytes` (the object's own overhead,
 * metadata and wrapping, is the caller's margin). Throws when one SLO alone is larger than `maxBytes`.
 */
export function packRules(items: readonly PackableRules[], maxBytes: number): RulePacking {
  const tooLarge = items.find((item) => item.sizeBytes > maxBytes);
  if (tooLarge) {
    throw new Error(`the rules of ${tooLarge.key} take ${tooLarge.sizeBytes} bytes, more than the ${maxBytes} allowed per object`);
  }
  const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let shardCount = 1; shardCount <= MAX_SHARDS; shardCount *= 2) {
    const shards: PackableRules[][] = Array.from({ length: shardCount }, () => []);
    const sizes = new Array<number>(shardCount).fill(0);
    for (const item of sorted) {
      const shard = stableHash(item.key) % shardCount;
      shards[shard].push(item);
      sizes[shard] += item.sizeBytes;
    }
    if (sizes.every((size) => size <= maxBytes)) {
      return { shardCount, shards };
    }
  }
  throw new Error(`cannot fit the rules of ${items.length} SLOs into ${MAX_SHARDS} objects of ${maxBytes} bytes; raise the limit`);
}
