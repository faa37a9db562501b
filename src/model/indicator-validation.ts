import { Indicator } from './indicator';
import { validateLabelName } from './labels';
import { error, ValidationIssue } from './validation-issue';
import { kindOf } from '../indicators/registry';

/** Problems with an indicator: its grouping (every kind), then its kind's own fields. */
export function validateIndicator(indicator: Indicator): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const grouping = indicator.grouping;
  if (!Array.isArray(grouping)) {
    return [error('indicator.grouping', `must be a list of label names such as ["route"], got ${typeof grouping}`)];
  }
  grouping.forEach((label, index) => issues.push(...validateLabelName(`indicator.grouping[${index}]`, label)));
  const duplicates = grouping.filter((label, index) => grouping.indexOf(label) !== index);
  if (duplicates.length > 0) {
    issues.push(error('indicator.grouping', `lists ${duplicates.join(', ')} more than once`));
  }
  issues.push(...kindOf(indicator).validate(indicator));
  return issues;
}
