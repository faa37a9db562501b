/** How validate prints its findings: lines for people, workflow commands for GitHub Actions, JSON for scripts. */
import { Finding, FindingSeverity } from './finding';
import { ValidationResult } from './validate-documents';
import { Palette } from '../output/color';

export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly notices: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const count = (severity: FindingSeverity) => findings.filter((f) => f.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), notices: count('notice') };
}

/** `dist/slos.k8s.yaml:12: error: message (spec.groups[0].name)` */
export function humanLine(finding: Finding, palette: Palette): string {
  const colour = finding.severity === 'error' ? palette.red.bind(palette) : finding.severity === 'warning' ? palette.yellow.bind(palette) : palette.dim.bind(palette);
  const where = `${finding.file}${finding.line !== undefined ? `:${finding.line}` : ''}`;
  return `${where}: ${colour(finding.severity)}: ${oneLineText(finding.message)}${finding.field ? ` (${finding.field})` : ''}`;
}

/** The closing line: what was checked and what was found. */
export function summaryLine(result: ValidationResult): string {
  const counts = countFindings(result.findings);
  const kinds = Object.entries(result.kinds).map(([kind, n]) => `${n} ${kind}`).join(', ');
  const found = counts.errors + counts.warnings + counts.notices === 0
    ? 'no problems found'
    : [plural(counts.errors, 'error'), plural(counts.warnings, 'warning'), ...(counts.notices ? [plural(counts.notices, 'notice')] : [])].join(', ');
  return `${plural(result.files, 'file')}, ${plural(result.documents, 'document')}${kinds ? ` (${kinds})` : ''}: ${found}`;
}

/**
 * A GitHub Actions workflow command (`::error file=…,line=…,title=…::message`), which the runner turns into
 * an annotation on the pull request's diff. Values are escaped as the runner expects.
 */
export function githubAnnotation(finding: Finding): string {
  const command = finding.severity === 'notice' ? 'notice' : finding.severity;
  const properties = [
    `file=${escapeProperty(finding.file)}`,
    ...(finding.line !== undefined ? [`line=${finding.line}`] : []),
    ...(finding.column !== undefined ? [`col=${finding.column}`] : []),
    `title=${escapeProperty(`cdk8s-slo validate${finding.field ? `: ${finding.field}` : ''}`)}`,
  ];
  return `::${command} ${properties.join(',')}::${escapeData(finding.message)}`;
}

/** The --json document: every finding, and the counts. */
export function jsonReport(result: ValidationResult): object {
  return {
    findings: result.findings,
    summary: { files: result.files, documents: result.documents, kinds: result.kinds, ...countFindings(result.findings) },
  };
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function oneLineText(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
