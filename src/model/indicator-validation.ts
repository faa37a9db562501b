import { Indicator, WINDOW_PLACEHOLDER } from './indicator';
import { validateLabelName } from './labels';
import { error, ValidationIssue } from './validation-issue';
import { parseVectorSelector, VectorSelector } from '../promql/selector';
import { promqlSyntaxErrors } from '../promql/syntax';

const HISTOGRAM_SUFFIXES = ['_bucket', '_count', '_sum'];

/** Problems with an indicator: selectors that are not selectors, missing placeholders, bad grouping. */
export function validateIndicator(indicator: Indicator): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const grouping = indicator.grouping;
  grouping.forEach((label, index) => issues.push(...validateLabelName(`indicator.grouping[${index}]`, label)));
  const duplicates = grouping.filter((label, index) => grouping.indexOf(label) !== index);
  if (duplicates.length > 0) {
    issues.push(error('indicator.grouping', `lists ${duplicates.join(', ')} more than once`));
  }

  switch (indicator.kind) {
    case 'ratio':
      if ((indicator.errors === undefined) === (indicator.good === undefined)) {
        issues.push(error('indicator.errors', 'set exactly one of `errors` (bad events) and `good` (good events)'));
      }
      if (indicator.errors !== undefined) issues.push(...selectorIssues('indicator.errors', indicator.errors));
      if (indicator.good !== undefined) issues.push(...selectorIssues('indicator.good', indicator.good));
      issues.push(...selectorIssues('indicator.total', indicator.total));
      break;
    case 'latency':
    case 'nativeLatency': {
      const selector = trySelector('indicator.histogram', indicator.histogram, issues);
      if (selector) {
        if (selector.metric === undefined) {
          issues.push(error('indicator.histogram', 'name the histogram by its metric name, e.g. http_request_duration_seconds{job="api"}'));
        } else if (indicator.kind === 'latency' && HISTOGRAM_SUFFIXES.some((suffix) => selector.metric!.endsWith(suffix))) {
          issues.push(error('indicator.histogram', `give the histogram's base name without ${HISTOGRAM_SUFFIXES.join('/')}: the library selects _bucket and _count itself`));
        }
        if (selector.matchers.some((m) => m.name === 'le')) {
          issues.push(error('indicator.histogram', 'must not match on `le`: the threshold selects the bucket'));
        }
      }
      if (!Number.isFinite(indicator.thresholdSeconds) || indicator.thresholdSeconds <= 0) {
        issues.push(error('indicator.threshold', `must be a positive duration, got ${indicator.thresholdSeconds} seconds`));
      }
      break;
    }
    case 'boolGauge':
      issues.push(...selectorIssues('indicator.metric', indicator.metric));
      break;
    case 'freshness':
      issues.push(...selectorIssues('indicator.timestampMetric', indicator.timestamp));
      if (typeof indicator.maxAgeSeconds !== 'number' || !Number.isFinite(indicator.maxAgeSeconds) || indicator.maxAgeSeconds <= 0) {
        issues.push(error('indicator.maxAge', `must be a positive duration, got ${indicator.maxAgeSeconds} seconds`));
      }
      break;
    case 'gaugeThreshold':
      issues.push(...selectorIssues('indicator.metric', indicator.metric));
      if (typeof indicator.maximum !== 'number' || !Number.isFinite(indicator.maximum)) {
        issues.push(error('indicator.maximum', `must be a finite number, got ${indicator.maximum}`));
      }
      break;
    case 'query':
      if ((indicator.errorQuery === undefined) === (indicator.goodQuery === undefined)) {
        issues.push(error('indicator.errorQuery', 'set exactly one of `errorQuery` and `goodQuery`'));
      }
      if (indicator.errorQuery !== undefined) issues.push(...queryIssues('indicator.errorQuery', indicator.errorQuery));
      if (indicator.goodQuery !== undefined) issues.push(...queryIssues('indicator.goodQuery', indicator.goodQuery));
      issues.push(...queryIssues('indicator.totalQuery', indicator.totalQuery));
      break;
  }
  return issues;
}

function selectorIssues(field: string, text: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  trySelector(field, text, issues);
  return issues;
}

function trySelector(field: string, text: string, issues: ValidationIssue[]): VectorSelector | undefined {
  if (typeof text !== 'string' || text.trim() === '') {
    issues.push(error(field, 'must be a PromQL vector selector such as http_requests_total{job="api"}'));
    return undefined;
  }
  try {
    return parseVectorSelector(text);
  } catch (e) {
    issues.push(error(field, (e as Error).message));
    return undefined;
  }
}

function queryIssues(field: string, query: string): ValidationIssue[] {
  if (typeof query !== 'string' || !query.includes(WINDOW_PLACEHOLDER)) {
    return [error(field, `must contain the window placeholder ${WINDOW_PLACEHOLDER}, e.g. sum(rate(x[${WINDOW_PLACEHOLDER}]))`)];
  }
  const errors = promqlSyntaxErrors(query.split(WINDOW_PLACEHOLDER).join('5m'));
  return errors.length > 0 ? [error(field, `does not parse as PromQL: ${errors[0].message}`)] : [];
}
