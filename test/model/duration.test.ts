import { formatPromDuration, parsePromDuration } from '../../src/model/duration';

describe('Prometheus durations', () => {
  test.each([
    [300, '5m'],
    [1800, '30m'],
    [3600, '1h'],
    [5400, '1h30m'],
    [86400, '1d'],
    [28 * 86400, '28d'],
    [30 * 86400, '30d'],
    [365 * 86400, '365d'],
    [90061, '1d1h1m1s'],
  ])('%d seconds render as %s and parse back', (seconds, text) => {
    expect(formatPromDuration(seconds)).toBe(text);
    expect(parsePromDuration(text)).toBe(seconds);
  });

  test('parses weeks, years and milliseconds too', () => {
    expect(parsePromDuration('1w')).toBe(604800);
    expect(parsePromDuration('1y')).toBe(365 * 86400);
    expect(parsePromDuration('1500ms')).toBe(1.5);
  });

  test('rejects what Prometheus would reject', () => {
    expect(() => formatPromDuration(0)).toThrow(/positive whole number/);
    expect(() => formatPromDuration(1.5)).toThrow(/positive whole number/);
    expect(() => parsePromDuration('5 minutes')).toThrow(/not a Prometheus duration/);
    expect(() => parsePromDuration('')).toThrow(/not a Prometheus duration/);
  });
});
