/**
 * `cdk8s-slo validate`'s checks over a set of files: each document by its kind, then the checks across
 * documents and files (the same Kubernetes object twice, one rule group name in two PrometheusRules, one
 * SLO defined twice).
 */
import { SLO_NAME_LABEL, SLO_SERVICE_LABEL } from 'cdk8s-slo/lib/model/naming';
import { DocumentIssue, Finding, formatFieldPath, issue, sortFindings } from './finding';
import { checkPrometheusRule, isMap } from './prometheus-rule-checks';
import {
  checkOpenSloDocuments, checkPyrraDocument, checkSlothDocument, DefinedSlo, isOpenSlo, isPyrra, isSloth, LocatedIssue,
} from './slo-document-checks';
import { lineOf, SourceDocument, SourceFiles } from './source-documents';

export interface ValidationOptions {
  /** The SLO window Sloth specs are read with, in seconds. */
  readonly slothPeriodSeconds: number;
}

export interface ValidationResult {
  readonly findings: Finding[];
  readonly files: number;
  readonly documents: number;
  /** How many documents of each kind were checked: PrometheusRule, OpenSLO, Sloth, Pyrra, other. */
  readonly kinds: Record<string, number>;
}

const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateSources(source: SourceFiles, options: ValidationOptions): ValidationResult {
  const located: LocatedIssue[] = [];
  const slos: DefinedSlo[] = [];
  const kinds: Record<string, number> = {};
  const count = (kind: string) => (kinds[kind] = (kinds[kind] ?? 0) + 1);
  const at = (document: SourceDocument) => (i: DocumentIssue) => located.push({ document, issue: i });
  const openSlo: SourceDocument[] = [];
  for (const document of source.documents) {
    const object = document.object;
    if (isOpenSlo(object)) {
      count('OpenSLO');
      openSlo.push(document);
      continue;
    }
    if (isSloth(object)) {
      count('Sloth');
      // AlertWindows are files Sloth reads, not Kubernetes objects: they need no metadata.
      if (object.apiVersion !== undefined && object.kind !== 'AlertWindows') kubernetesMetadataIssues(object).forEach(at(document));
      const result = checkSlothDocument(document, options.slothPeriodSeconds);
      located.push(...result.issues);
      slos.push(...result.slos);
      continue;
    }
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      count('other');
      at(document)(issue('warning', 'kubernetes', [], 'is neither a Kubernetes object (apiVersion and kind) nor an SLO document: not checked'));
      continue;
    }
    kubernetesMetadataIssues(object).forEach(at(document));
    if (isPyrra(object)) {
      count('Pyrra');
      const result = checkPyrraDocument(document);
      located.push(...result.issues);
      slos.push(...result.slos);
    } else if (isPrometheusRule(object)) {
      count('PrometheusRule');
      checkPrometheusRule(object).forEach(at(document));
    } else {
      count('other');
    }
  }
  const openSloResult = checkOpenSloDocuments(openSlo);
  located.push(...openSloResult.issues, ...duplicateIssues(source.documents, [...slos, ...openSloResult.slos]));
  const findings = [...source.findings, ...located.map(toFinding)];
  return { findings: sortFindings(findings), files: source.files.length, documents: source.documents.length, kinds };
}

export function isPrometheusRule(object: any): boolean {
  return object.kind === 'PrometheusRule' && typeof object.apiVersion === 'string' && object.apiVersion.startsWith('monitoring.coreos.com/');
}

function kubernetesMetadataIssues(object: any): DocumentIssue[] {
  const metadata = object.metadata;
  if (!isMap(metadata)) return [issue('error', 'kubernetes', ['metadata'], 'is required: a map with at least a name')];
  const issues: DocumentIssue[] = [];
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    issues.push(issue('error', 'kubernetes', ['metadata', 'name'], 'is required'));
  } else if (!DNS_SUBDOMAIN.test(metadata.name)) {
    issues.push(issue('error', 'kubernetes', ['metadata', 'name'], `"${metadata.name}" is not a valid object name (lowercase letters, digits, "-" and ".", at most 253 characters)`));
  }
  if (metadata.namespace !== undefined && (typeof metadata.namespace !== 'string' || !DNS_LABEL.test(metadata.namespace))) {
    issues.push(issue('error', 'kubernetes', ['metadata', 'namespace'], `"${String(metadata.namespace)}" is not a valid namespace (a lowercase DNS label)`));
  }
  return issues;
}

/** Checks across documents and files. */
function duplicateIssues(documents: readonly SourceDocument[], slos: readonly DefinedSlo[]): LocatedIssue[] {
  return [...duplicateObjectIssues(documents), ...duplicateRuleIssues(documents), ...duplicateSloIssues(slos)];
}

/** Where a field of a document is, as `file:line`. */
function locationOf(document: SourceDocument, path: Array<string | number>): string {
  return `${document.file}:${lineOf(document, path) ?? 1}`;
}

/** The same object twice: `kubectl apply` keeps whichever comes last. */
function duplicateObjectIssues(documents: readonly SourceDocument[]): LocatedIssue[] {
  const located: LocatedIssue[] = [];
  const objects = new Map<string, SourceDocument>();
  for (const document of documents) {
    const object = document.object;
    if (isOpenSlo(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || typeof object.metadata?.name !== 'string') continue;
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    const key = [group, object.kind, object.metadata.namespace ?? '', object.metadata.name].join('\u0000');
    const first = objects.get(key);
    if (first) {
      located.push({
        document,
        issue: issue('error', 'duplicate', ['metadata', 'name'], `${object.kind} ${objectName(object)} is also defined at ${locationOf(first, ['metadata', 'name'])}: applying both keeps only one`),
      });
    } else {
      objects.set(key, document);
    }
  }
  return located;
}

/** Where a rule group name or an SLO's rules were first seen. */
interface FirstSeen {
  readonly document: SourceDocument;
  readonly path: Array<string | number>;
}

/** Rule group names and SLOs across PrometheusRules: one Prometheus usually loads them all. */
function duplicateRuleIssues(documents: readonly SourceDocument[]): LocatedIssue[] {
  const located: LocatedIssue[] = [];
  const groups = new Map<string, FirstSeen>();
  const sloOwners = new Map<string, FirstSeen>();
  for (const document of documents) {
    if (!isPrometheusRule(document.object) || !Array.isArray(document.object.spec?.groups)) continue;
    const reported = new Set<string>();
    (document.object.spec.groups as any[]).forEach((group, g) => {
      if (!isMap(group)) return;
      if (typeof group.name === 'string') {
        const first = groups.get(group.name);
        if (first && first.document !== document) {
          located.push({
            document,
            issue: issue('warning', 'duplicate', ['spec', 'groups', g, 'name'], `the rule group "${group.name}" is also defined at ${locationOf(first.document, first.path)} (PrometheusRule ${objectName(first.document.object)}): Prometheus loads both, and tools that find groups by name see one`),
          });
        } else if (!first) {
          groups.set(group.name, { document, path: ['spec', 'groups', g, 'name'] });
        }
      }
      (Array.isArray(group.rules) ? group.rules : []).forEach((rule: any, r: number) => {
        const service = rule?.labels?.[SLO_SERVICE_LABEL];
        const name = rule?.labels?.[SLO_NAME_LABEL];
        if (typeof service !== 'string' || typeof name !== 'string') return;
        const key = `${service}/${name}`;
        const path = ['spec', 'groups', g, 'rules', r];
        const first = sloOwners.get(key);
        if (!first) {
          sloOwners.set(key, { document, path });
        } else if (first.document !== document && !reported.has(key)) {
          reported.add(key);
          located.push({
            document,
            issue: issue('error', 'duplicate', path, `SLO ${key} also has rules in PrometheusRule ${objectName(first.document.object)} at ${locationOf(first.document, first.path)}: both would record its series and fire its alerts`),
          });
        }
      });
    });
  }
  return located;
}

/**
 * One SLO defined twice in one document format. OpenSLO SLOs are checked one at a time (so that one
 * broken SLO never hides another), so their duplicates across documents are found here too.
 */
function duplicateSloIssues(slos: readonly DefinedSlo[]): LocatedIssue[] {
  const located: LocatedIssue[] = [];
  const defined = new Map<string, DefinedSlo>();
  for (const slo of slos) {
    const key = `${slo.format}\u0000${slo.service}/${slo.name}`;
    const first = defined.get(key);
    if (!first) {
      defined.set(key, slo);
      continue;
    }
    const where = locationOf(first.document, [...first.path]);
    const message = slo.format === 'openslo'
      ? `another SLO is named "${slo.document.object.metadata?.name ?? slo.name}" (${where}): OpenSLO names are unique per kind`
      : `SLO ${slo.service}/${slo.name} is also defined at ${where}`;
    located.push({ document: slo.document, issue: issue('error', 'duplicate', slo.path, message) });
  }
  return located;
}

function objectName(object: any): string {
  return object.metadata?.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : String(object.metadata?.name);
}

function toFinding(located: LocatedIssue): Finding {
  const { document, issue: i } = located;
  const field = formatFieldPath(i.path);
  return {
    severity: i.severity,
    file: document.file,
    line: lineOf(document, i.path),
    document: document.index + 1,
    ...(field ? { field } : {}),
    message: i.message,
    check: i.check,
  };
}
