/**
 * examples/gitops/slos.yaml is documentation users copy: it must stay a valid workflow whose cdk8s-slo
 * command lines the CLI accepts, and it must keep doing what its README promises.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { parseCommandArgs } from '../src/command';
import { COMMANDS } from '../src/commands';
import { PROJECT_ROOT } from './helpers/cli';

const workflow = YAML.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'examples/gitops/slos.yaml'), 'utf8'));
const steps: any[] = workflow.jobs.slos.steps;

/** The words of every `npx cdk8s-slo …` command line in the workflow's scripts (quotes removed). */
function cliInvocations(): string[][] {
  return steps.flatMap((step) => String(step.run ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npx cdk8s-slo '))
    .map((line) => (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((word) => word.replace(/^["']|["']$/g, '')).slice(2));
}

describe('the GitHub Actions example', () => {
  test('runs on pull requests and on pushes to main', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.permissions['pull-requests']).toBe('write');
  });

  test('synthesizes, validates, runs promtool, plans and comments on pull requests, applies and verifies on main', () => {
    const names = steps.map((s) => s.name).filter(Boolean);
    expect(names).toEqual(['Install', 'Synthesize', 'Validate', 'promtool check rules', 'Plan', 'Comment the plan on the pull request', 'Apply', 'Verify']);
    const byName = (name: string) => steps.find((s) => s.name === name);
    expect(byName('promtool check rules').run).toContain('promtool check rules');
    for (const name of ['Plan', 'Comment the plan on the pull request']) expect(byName(name).if).toBe("github.event_name == 'pull_request'");
    for (const name of ['Apply', 'Verify']) expect(byName(name).if).toContain("github.ref == 'refs/heads/main'");
  });

  test('every cdk8s-slo command line is one the CLI accepts', () => {
    const invocations = cliInvocations();
    expect(invocations.map((words) => words[0])).toEqual(['validate', 'plan', 'verify']);
    for (const [name, ...args] of invocations) {
      const command = COMMANDS.find((c) => c.name === name);
      expect(command).toBeDefined();
      expect(() => parseCommandArgs(command!, args)).not.toThrow();
    }
  });
});
