/**
 * Internal helpers of the dashboard constructs: Kubernetes name checks, the payload encodings and the
 * Go durations grafana-operator reads. Not part of the public API.
 */
import { gzipSync } from 'zlib';
import { IConstruct } from 'constructs';
import { AppRegistry } from './app-registry';
import { isDnsSubdomain, kubernetesLabelIssues } from '../../model/kubernetes-names';
import { error, ValidationIssue } from '../../model/validation-issue';

/** What a delivery needs to emit a dashboard. */
export interface DashboardObjectProps {
  /** The object's name; the ConfigMap holds `<name>.json`. */
  readonly name: string;
  /** The folder chosen on the dashboard or the delivery. */
  readonly folder?: string;
  /** The dashboard JSON, produced at synthesis. */
  readonly json: () => string;
}

/**
 * Gzip (maximum compression) of the text, base64-encoded. The header's OS byte is set to "unknown" so the
 * output does not depend on the platform zlib was built for.
 */
export function gzipBase64(text: string): string {
  const compressed = gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
  compressed[9] = 0xff;
  return compressed.toString('base64');
}

/** A Go duration as Kubernetes operators parse them: `10m`, `1h30m`, `0s` (no days). */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${rest ? `${rest}s` : ''}`;
}


/** Problems with Kubernetes labels. */
export function labelProblems(field: string, labels: { [key: string]: string }): ValidationIssue[] {
  return kubernetesLabelIssues(field, labels);
}

/** Problems with a folder name. */
export function folderProblems(field: string, folder: string | undefined): ValidationIssue[] {
  if (folder === undefined) return [];
  if (typeof folder !== 'string' || folder.trim() === '' || /[\u0000-\u001f\u007f]/.test(folder)) {
    return [error(field, `"${printable(folder)}" must be a folder name without control characters`)];
  }
  return [];
}

export function printable(value: unknown): string {
  return JSON.stringify(String(value)).slice(1, -1);
}

/** The dashboards of each app by identity key (uid, object), to report duplicates at synthesis. */
const DASHBOARDS = new AppRegistry<IConstruct>();

/** Registers a dashboard under a key and returns every dashboard of the app registered under it. */
export function registerDashboard(scope: IConstruct, key: string): IConstruct[] {
  return DASHBOARDS.register(scope, key);
}

/** Largest dashboard payload: a ConfigMap's data is limited to 1 MiB, and so is what fits an object well. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** A DNS subdomain: what Kubernetes accepts as a ConfigMap or custom object name. */
export function nameProblems(field: string, name: string): ValidationIssue[] {
  if (!isDnsSubdomain(name)) {
    return [error(field, `"${printable(name)}" must be a lowercase DNS subdomain (a-z, 0-9, "-" and ".", at most 253 characters), e.g. slo-dashboard-checkout`)];
  }
  return [];
}

/** Problems with free text shown in Grafana: a title or tag (one line, not empty) or a description (`multiline`). */
export function textProblems(field: string, text: string | undefined, multiline = false): ValidationIssue[] {
  if (text === undefined) return [];
  const control = multiline ? /[\u0000-\u0008\u000b-\u001f\u007f]/ : /[\u0000-\u001f\u007f\u2028\u2029]/;
  if (typeof text !== 'string' || (!multiline && text.trim() === '') || control.test(text)) {
    return [error(field, `"${printable(text)}" must be ${multiline ? 'text' : 'non-empty text on one line'} without control characters`)];
  }
  return [];
}
