/**
 * The evaluation offset Prometheus gives a rule group: every group is evaluated at
 * `hash(name, file) mod interval` past each multiple of its interval, where the hash is
 * Prometheus's label-set hash (xxHash64 of `file\xff<file>\xffname\xff<name>\xff`).
 *
 * The bench needs it because `promtool tsdb create-blocks-from rules` (2.42) skips one evaluation at
 * every block boundary when a group's offset falls in the last second of its interval: the range query
 * of each block ends on the whole second before the boundary and the next one starts at the boundary. A
 * recorded history with such holes would make our windows (sums of the recorded 5-minute rates) miss
 * events, so history passes put each group in a rule file whose name gives it a safe offset.
 */
/* eslint-disable no-bitwise */

const MASK = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const SEP = Buffer.from([0xff]);

const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & MASK;

function round(acc: bigint, input: bigint): bigint {
  return (rotl((acc + input * P2) & MASK, 31n) * P1) & MASK;
}

function mergeRound(acc: bigint, value: bigint): bigint {
  return (((acc ^ round(0n, value)) * P1) + P4) & MASK;
}

/** XXH64 with seed 0 (as `github.com/cespare/xxhash`'s Sum64). */
export function xxhash64(data: Buffer): bigint {
  const length = data.length;
  let i = 0;
  let h: bigint;
  if (length >= 32) {
    let v1 = (P1 + P2) & MASK;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (MASK + 1n - P1) & MASK;
    for (; i + 32 <= length; i += 32) {
      v1 = round(v1, data.readBigUInt64LE(i));
      v2 = round(v2, data.readBigUInt64LE(i + 8));
      v3 = round(v3, data.readBigUInt64LE(i + 16));
      v4 = round(v4, data.readBigUInt64LE(i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(length)) & MASK;
  for (; i + 8 <= length; i += 8) {
    h ^= round(0n, data.readBigUInt64LE(i));
    h = ((rotl(h, 27n) * P1) + P4) & MASK;
  }
  if (i + 4 <= length) {
    h ^= (BigInt(data.readUInt32LE(i)) * P1) & MASK;
    h = ((rotl(h, 23n) * P2) + P3) & MASK;
    i += 4;
  }
  for (; i < length; i++) {
    h ^= (BigInt(data[i]) * P5) & MASK;
    h = (rotl(h, 11n) * P1) & MASK;
  }
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}

/** The group's evaluation offset in seconds, for a rule file at exactly the path `file`. */
export function groupOffsetSeconds(name: string, file: string, intervalSeconds: number): number {
  // Prometheus's bytes: UTF-8 names and values, each followed by a 0xff separator.
  const bytes = Buffer.concat([Buffer.from('file'), SEP, Buffer.from(file), SEP, Buffer.from('name'), SEP, Buffer.from(name), SEP]);
  const intervalNs = BigInt(Math.round(intervalSeconds * 1e9));
  return Number(xxhash64(bytes) % intervalNs) / 1e9;
}

/** Whether promtool's rule backfill keeps every evaluation of a group with this offset (see above). */
export function isSafeBackfillOffset(offsetSeconds: number, intervalSeconds: number): boolean {
  return offsetSeconds <= intervalSeconds - 1;
}
