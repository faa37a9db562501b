/**
 * Synthesis is deterministic: the example app (every construct the library has) synthesizes to
 * byte-identical files on every run, whatever the time zone, locale or clock, with no timestamps.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CALENDAR_START_TIME } from '../../src/documents/openslo-calendar';
import { tempDir } from '../helpers/promtool';

/** Synthesizes the example app into a fresh directory and returns its files' bytes by name. */
function synthesizeExampleApp(env: Record<string, string>): Map<string, Buffer> {
  const outdir = tempDir('determinism');
  const saved = { ...process.env };
  Object.assign(process.env, env, { CDK8S_OUTDIR: outdir });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app synthesizes as a side effect of loading
    jest.isolateModules(() => require('../../examples/main'));
    return new Map(fs.readdirSync(outdir).sort().map((file) => [file, fs.readFileSync(path.join(outdir, file))]));
  } finally {
    process.env = saved;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('deterministic synthesis', () => {
  test('the example app is byte-identical across runs, time zones and locales', () => {
    const first = synthesizeExampleApp({ TZ: 'UTC', LANG: 'C' });
    const second = synthesizeExampleApp({ TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' });
    expect([...first.keys()]).toEqual([...second.keys()]);
    expect(first.size).toBeGreaterThan(0);
    for (const [file, bytes] of first) {
      expect(second.get(file)!.equals(bytes)).toBe(true);
    }
  });

  test('no output carries a timestamp or a date', () => {
    const files = synthesizeExampleApp({ TZ: 'UTC' });
    for (const [file, bytes] of files) {
      // ISO dates and times, and Unix times in seconds or milliseconds from 2001 to 2286
      // OpenSLO calendar windows name a fixed period start (CALENDAR_START_TIME), the same on every run.
      const text = bytes.toString('utf8').split(`startTime: "${CALENDAR_START_TIME}"`).join('startTime: <fixed>');
      const stamp = /\b(19|20)\d{2}-\d{2}-\d{2}([T ]\d{2}:\d{2})?\b|\b1\d{9}(\d{3})?\b/.exec(text);
      expect({ file, stamp: stamp?.[0] }).toEqual({ file, stamp: undefined });
    }
  });
});
