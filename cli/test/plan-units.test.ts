import { budgetOutageSeconds, targetChange, windowChangeText } from '../../src/planning/objective-change';
import { matchesLabelSelector } from '../src/kubernetes/prometheus-rules-from-cluster';
import { escapeMarkdown } from '../src/plan/plan-markdown';

describe('target and window changes', () => {
  test('a lowered target is looser: the budget grows; raising it back is stricter', () => {
    expect(targetChange(0.999, 0.99).text).toBe('target 99.9% → 99% (looser: budget 0.1% → 1%)');
    expect(targetChange(0.99, 0.999)).toMatchObject({ direction: 'stricter', budgetBefore: 0.01, budgetAfter: 0.001 });
    expect(targetChange(0.995, 0.995).direction).toBe('unchanged');
  });

  test('the outage a budget allows: 99.9% over 30 days is 43m12s, over 28 days 40m19s', () => {
    expect(budgetOutageSeconds(0.999, 30 * 86_400)).toBe(2592);
    expect(budgetOutageSeconds(0.999, 28 * 86_400)).toBe(2419);
    expect(windowChangeText(7 * 86_400, 30 * 86_400, 0.9995)).toBe('window 7d → 30d (budget 5m2s → 21m36s of full outage)');
  });
});

describe('label selectors on synthesized objects', () => {
  const labels = { 'app.kubernetes.io/managed-by': 'cdk8s-slo', 'team': 'web' };
  test.each([
    ['app.kubernetes.io/managed-by=cdk8s-slo', true],
    ['app.kubernetes.io/managed-by==cdk8s-slo,team=web', true],
    ['team!=web', false],
    ['team', true],
    ['!team', false],
    ['release', false],
    ['', true],
    ['team in (web,api)', undefined],
  ])('%s → %s', (selector, expected) => {
    expect(matchesLabelSelector(labels, selector)).toBe(expected);
  });
});

test('Markdown escaping keeps names literal: no HTML, links, emphasis or table cells', () => {
  expect(escapeMarkdown('<b>x</b> [a](b) *c* _d_ |e| `f`\nnext')).toBe('&lt;b&gt;x&lt;/b&gt; \\[a\\](b) \\*c\\* \\_d\\_ \\|e\\| \\`f\\` next');
});
