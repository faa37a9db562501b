/**
 * Property, beside the corpus: for command lines and Prometheus answers drawn at random (seeded, so a
 * failure repeats) — answers of the right shape with odd values (NaN, ±Inf, 1e308, empty and reserved
 * labels, escape sequences), and now and then of the wrong shape — every command exits with a code of
 * the contract (never 70), prints no raw control character and no credential.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PASSWORD, QUERY_TOKEN, RAW_CONTROL, RULE_MANIFEST } from './corpus';
import { tempDir } from '../../../test/helpers/promtool';
import { runCliInProcess } from '../helpers/cli';
import { HostileAnswer, hostilePrometheus, HostilePrometheus } from '../helpers/hostile-prometheus';

/** A small seeded generator (a linear congruential one): the same seed, the same runs. */
class Random {
  public constructor(private state: number) {}
  public next(): number {
    this.state = (this.state * 1103515245 + 12345) % 2147483648;
    return this.state / 2147483648;
  }
  public pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  public count(max: number): number {
    return Math.floor(this.next() * (max + 1));
  }
}

const METRICS = ['slo:objective:ratio', 'slo:error_budget:ratio', 'slo:period_burn_rate:ratio', 'slo:period_error_budget_remaining:ratio', 'slo:current_burn_rate:ratio', 'ALERTS', 'slo:sli_total:rate5m', 'other'];
const LABEL_NAMES = ['severity', 'alertname', 'alertstate', 'long_window', 'short_window', 'budget_action', 'le', 'region'];
const LABEL_VALUES = ['a', 'b', '', 'critical', 'warning', 'firing', '1h', '5m', 'review', 'x\u001b[2J', '\u202e'];
const VALUES = ['NaN', '+Inf', '-Inf', '0', '1', '-1', '1e308', '-1e308', '1.7976931348623157e308', '-1.7976931348623157e308', '0.5', '2', '0.999', '1e-300'];
const WRONG = [null, 1, 'x', [], {}, [1], { a: 1 }, [[1, '1']]];

function labels(random: Random): Record<string, string> {
  // Mostly one SLO (a/b), so that series meet in one row, as a real server's do.
  const result: Record<string, string> = {
    __name__: random.pick(METRICS),
    slo_service: random.next() < 0.7 ? 'a' : random.pick(LABEL_VALUES),
    slo_name: random.next() < 0.7 ? 'b' : random.pick(LABEL_VALUES),
  };
  for (let i = random.count(3); i > 0; i--) result[random.pick(LABEL_NAMES)] = random.pick(LABEL_VALUES);
  return result;
}

function answer(random: Random, apiPath: string): HostileAnswer {
  if (random.next() < 0.1) {
    return { json: { status: 'success', data: random.next() < 0.5 ? random.pick(WRONG) : { resultType: random.pick(['vector', 'matrix', 'scalar']), result: random.pick(WRONG), groups: random.pick(WRONG) } } };
  }
  const list = <T>(max: number, item: () => T) => Array.from({ length: random.count(max) }, item);
  if (apiPath.endsWith('/rules')) {
    return {
      json: {
        status: 'success',
        data: {
          groups: list(2, () => ({
            name: random.pick(['checkout-availability', 'g', '']),
            file: 'f',
            interval: random.pick([0, 60, -1, 1e308]),
            lastEvaluation: random.pick(['', '0001-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'x']),
            rules: list(2, () => ({
              name: random.pick(['slo:objective:ratio', 'x', '']),
              type: random.pick(['recording', 'alerting']),
              query: 'q',
              health: random.pick(['ok', 'err', 'unknown', '']),
              lastEvaluation: 'x',
              lastError: random.pick(['', 'boom\u001b]0;t\u0007']),
              labels: labels(random),
            })),
          })),
        },
      },
    };
  }
  if (apiPath.endsWith('/query_range')) {
    return {
      json: {
        status: 'success',
        data: { resultType: 'matrix', result: list(3, () => ({ metric: labels(random), values: list(4, () => [random.pick([1709251200, 0, -1, 1e12, 1.5]), random.pick(VALUES)]) })) },
      },
    };
  }
  if (random.next() < 0.1) return { json: { status: 'success', data: { resultType: 'scalar', result: [1, random.pick(VALUES)] } } };
  return { json: { status: 'success', data: { resultType: 'vector', result: list(5, () => ({ metric: labels(random), value: [1, random.pick(VALUES)] })) } } };
}

function commandLine(random: Random, url: string): string[] {
  const maybe = (flags: string[]) => (random.next() < 0.3 ? flags : []);
  return random.pick([
    () => ['status', '--prometheus-url', url, ...maybe(['--json']), ...maybe(['--service', random.pick(['a', '.*', 'x\u001b'])])],
    () => ['verify', 'rules.yaml', '--prometheus-url', url, ...maybe(['--json'])],
    () => ['report', ...maybe(['a']), '--prometheus-url', url, ...maybe(['--json']), ...maybe(['--month', random.pick(['2024-02', '1970-01'])]), ...maybe(['-o', random.pick(['r.html', 'r.md', '-'])])],
    () => ['discover', '--services-file', 'services.json', '--prometheus-url', url, ...maybe(['-o', 'inventory.json'])],
  ])();
}

let dir: string;
let server: HostilePrometheus;
let random: Random;
beforeAll(async () => {
  dir = tempDir('hostile-random');
  fs.writeFileSync(path.join(dir, 'rules.yaml'), RULE_MANIFEST);
  fs.writeFileSync(path.join(dir, 'services.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'cart', namespace: 'shop' }, spec: { selector: { app: 'cart' } } }] }));
  server = await hostilePrometheus((request) => answer(random, request.path));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test.each([1, 2, 3, 4])('seed %i: 100 random command lines and answers stay within the exit-code contract', async (seed) => {
  random = new Random(seed);
  const url = `http://sre:${PASSWORD}@${server.host}/?token=${QUERY_TOKEN}`;
  for (let i = 0; i < 100; i++) {
    const args = commandLine(random, url);
    const run = await runCliInProcess(args, { cwd: dir, now: () => Date.UTC(2024, 2, 15) });
    const seen = { args: args.slice(0, 1), code: run.code, stderr: run.stderr };
    expect({ ...seen, code: [0, 1, 2, 3, 4, 5].includes(run.code) ? 'in the contract' : run.code }).toEqual({ ...seen, code: 'in the contract' });
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toMatch(RAW_CONTROL);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(QUERY_TOKEN);
    }
  }
});
