/** The text report of `verify`: one line per problem, grouped by kind, and a summary line. */
import { PROBLEM_HEADINGS, VerifyResult } from './verify-checks';
import { Palette } from '../output/color';

export function renderVerifyReport(result: VerifyResult, prometheusUrl: string, palette: Palette): string {
  const { checked } = result;
  const scope = `${checked.ruleGroups} rule group${plural(checked.ruleGroups)} (${checked.rules} rule${plural(checked.rules)}), `
    + `${checked.slos} SLO${plural(checked.slos)}`;
  const lines: string[] = [];
  if (result.ok) {
    lines.push(palette.green(`OK: ${scope} verified on ${prometheusUrl}: every rule group is loaded and evaluating without errors, and every SLO has SLI data.`));
  } else {
    const count = result.problems.length;
    lines.push(palette.red(`FAILED: ${count} problem${plural(count)} on ${prometheusUrl} (checked ${scope}).`));
    for (const [kind, heading] of PROBLEM_HEADINGS) {
      const problems = result.problems.filter((p) => p.kind === kind);
      if (problems.length === 0) continue;
      lines.push('', palette.bold(`${heading} (${problems.length}):`));
      for (const problem of problems) lines.push(`  ${visible(problem.message)}`);
    }
  }
  if (result.notes.length > 0) {
    lines.push('', 'Notes:', ...result.notes.map((note) => palette.dim(`  ${note}`)));
  }
  return `${lines.join('\n')}\n`;
}

/** Control characters (from label values in Prometheus's errors) are shown escaped, never sent to the terminal. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
