/**
 * Corpus: mistaken paths. One file named several ways (relative, `./`, absolute, through its directory,
 * through a link) is read once, so its objects are not reported as defined twice; missing, empty and
 * odd paths are one-line input errors.
 */
import { CorpusCase, runCorpus } from './corpus';

const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  indicator:
    metadata:
      name: ok
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{code!~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total
  objectives:
    - displayName: x
      target: 0.999
`;
const FILES = { 'slos/slo.yaml': SLO };

const cases: CorpusCase[] = [
  { name: 'validate: one file named three ways', args: ['validate', 'slos/slo.yaml', './slos/slo.yaml', 'slos/../slos/slo.yaml'], files: FILES, code: 0, message: '', stdout: '1 file, 1 document (1 OpenSLO): no problems found' },
  { name: 'validate: a file and its directory', args: ['validate', 'slos', 'slos/slo.yaml'], files: FILES, code: 0, message: '', stdout: '1 file, 1 document' },
  { name: 'validate: a file and a link to it', args: ['validate', 'slos/slo.yaml', 'link.yaml'], files: FILES, symlinks: { 'link.yaml': 'slos/slo.yaml' }, code: 0, message: '', stdout: '1 file, 1 document' },
  { name: 'validate: a directory and a link to it', args: ['validate', 'slos', 'alias'], files: FILES, symlinks: { alias: 'slos' }, code: 0, message: '', stdout: '1 file, 1 document' },
  { name: 'validate: the same object in two files is still reported', args: ['validate', 'slos/slo.yaml', 'copy.yaml'], files: { ...FILES, 'copy.yaml': SLO }, code: 1, message: '', stdout: 'another SLO is named "checkout-availability"' },
  { name: 'plan: one file named two ways on the same side', args: ['plan', '--base', 'base.yaml', 'slos/slo.yaml', './slos/slo.yaml', '--json'], files: { ...FILES, 'base.yaml': '' }, code: 0, message: '', stdout: '"summary"' },
  { name: 'validate: a dangling link', args: ['validate', 'gone.yaml'], symlinks: { 'gone.yaml': 'nowhere.yaml' }, code: 3, message: 'gone.yaml: no such file or directory' },
  { name: 'validate: an empty directory', args: ['validate', 'empty'], files: { 'empty/readme.txt': 'x' }, code: 3, message: 'empty: the directory holds no .yaml, .yml or .json files' },
  { name: 'validate: an empty path', args: ['validate', ''], code: 2, message: 'cdk8s-slo validate: a path is empty (an unset variable?); name a file or directory' },
  { name: 'plan: an empty --base', args: ['plan', '--base', '', 'x.yaml'], files: { 'x.yaml': '' }, code: 2, message: 'a path is empty' },
  { name: 'verify: an empty path', args: ['verify', '', '--prometheus-url', 'http://127.0.0.1:{CLOSED}'], code: 2, message: 'a path is empty' },
  { name: 'validate: a file that is empty', args: ['validate', 'empty.yaml'], files: { 'empty.yaml': '' }, code: 0, message: '', stdout: '1 file, 0 documents' },
  { name: 'validate: a file that is not UTF-8 text', args: ['validate', 'binary.yaml'], files: { 'binary.yaml': '\u0000\u0001\u0002\u00ff' }, code: 1, message: '', stdout: 'binary.yaml:1: error' },
];

runCorpus('input paths', cases);
