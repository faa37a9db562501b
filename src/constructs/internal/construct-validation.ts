/**
 * How the constructs report problems: as the model's ValidationIssues, checked when the app is
 * synthesized, so that one run lists every problem of the app. cdk8s prefixes each message with the
 * construct path, so an error reads `[<construct path>] <prop>: <message>`; warnings are printed in the
 * same form and let synthesis go on.
 */
import { IConstruct } from 'constructs';
import { ValidationIssue } from '../../model/validation-issue';

/** `<prop>: <message>`; an issue without a prop (about the construct's input as a whole) is its message. */
export function describeIssue(issue: ValidationIssue): string {
  return issue.field ? `${issue.field}: ${issue.message}` : issue.message;
}

/** Whether any of `issues` is an error. */
export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/**
 * Reports the issues of `scope` at synthesis: `issues` is called then (so it may collect problems found
 * after construction); its warnings are printed, its errors fail synthesis.
 */
export function reportIssues(scope: IConstruct, issues: () => readonly ValidationIssue[]): void {
  // cdk8s validates an app once in App.synth() and again for each chart it synthesizes: print each
  // warning once per construct, however often it is validated.
  const printed = new Set<string>();
  scope.node.addValidation({
    validate: () => {
      const found = issues();
      for (const issue of found) {
        const line = `[cdk8s-slo] warning: ${scope.node.path}: ${describeIssue(issue)}`;
        if (issue.severity === 'warning' && !printed.has(line)) {
          printed.add(line);
          console.warn(line);
        }
      }
      return found.filter((issue) => issue.severity === 'error').map(describeIssue);
    },
  });
}
