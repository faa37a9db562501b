/**
 * Corpus: answers too large or too slow, and limits given on the command line. A size cap is enforced
 * while the answer streams (the server is cut off, memory never holds more than the cap); timeouts are
 * bounded to what a Node.js timer can hold.
 */
import { CorpusCase, runCorpus } from './corpus';
import { HostileAnswer, vectorAnswer } from '../helpers/hostile-prometheus';

const STATUS = ['status', '--prometheus-url', '{URL}'];
const EMPTY = () => vectorAnswer([]);
/** A valid answer of about `bytes` bytes (one sample with a long label). */
const answerOfSize = (bytes: number): HostileAnswer => vectorAnswer([{ metric: { __name__: 'x', pad: 'p'.repeat(bytes) }, value: [1, '1'] }]);

const sizeCases: CorpusCase[] = [
  {
    name: 'the default cap (64 MB) cuts off an endless stream',
    args: STATUS,
    answer: () => ({ stream: { chunks: 1024, chunkBytes: 1024 ** 2 } }),
    code: 4,
    message: 'the answer is larger than 64 MB, the --max-answer-size (query',
    // Cut off: of a gigabyte, the server got to send the cap and what buffers held when the client hung up.
    check: (_run, { server }) => expect(server!.streamedBytes()).toBeLessThan(400 * 1024 ** 2),
  },
  { name: 'a Content-Length over the cap is refused before reading', args: [...STATUS, '--max-answer-size', '1KB'], answer: () => answerOfSize(4096), code: 4, message: 'the answer is larger than 1 KB, the --max-answer-size' },
  {
    name: 'a chunked answer over the cap is refused while it streams',
    args: [...STATUS, '--max-answer-size', '1MB'],
    answer: () => ({ stream: { chunks: 64, chunkBytes: 256 * 1024 } }),
    code: 4,
    message: 'the answer is larger than 1 MB, the --max-answer-size',
    check: (_run, { server }) => expect(server!.streamedBytes()).toBeLessThan(12 * 1024 ** 2),
  },
  { name: 'a raised cap lets a large answer through', args: [...STATUS, '--max-answer-size', '4MB', '--json'], answer: () => answerOfSize(2 * 1024 ** 2), code: 0, message: '', stdout: '[]' },
  { name: 'an answer just under the cap is read', args: [...STATUS, '--max-answer-size', '100KB'], answer: () => answerOfSize(90 * 1024), code: 0, message: 'no SLOs found' },
  { name: '--max-answer-size in bytes', args: [...STATUS, '--max-answer-size', '2048'], answer: () => answerOfSize(4096), code: 4, message: 'larger than 2 KB' },
  { name: '--max-answer-size 512MB is the most', args: [...STATUS, '--max-answer-size', '512MB'], answer: EMPTY, code: 0, message: '' },
  { name: '--max-answer-size 0', args: [...STATUS, '--max-answer-size', '0'], answer: EMPTY, code: 2, message: '--max-answer-size "0" must be a size from 1KB to 512MB, like 64MB or 512KB' },
  { name: '--max-answer-size under 1 KB', args: [...STATUS, '--max-answer-size', '1023'], answer: EMPTY, code: 2, message: '--max-answer-size "1023" must be a size' },
  { name: '--max-answer-size over 512 MB', args: [...STATUS, '--max-answer-size', '600MB'], answer: EMPTY, code: 2, message: '--max-answer-size "600MB" must be a size' },
  { name: '--max-answer-size 1TB', args: [...STATUS, '--max-answer-size', '1TB'], answer: EMPTY, code: 2, message: '--max-answer-size "1TB" must be a size' },
  { name: '--max-answer-size negative', args: [...STATUS, '--max-answer-size=-5MB'], answer: EMPTY, code: 2, message: '--max-answer-size "-5MB" must be a size' },
  { name: '--max-answer-size a word', args: [...STATUS, '--max-answer-size', 'lots'], answer: EMPTY, code: 2, message: '--max-answer-size "lots" must be a size' },
  { name: '--max-answer-size empty', args: [...STATUS, '--max-answer-size', ''], answer: EMPTY, code: 2, message: '--max-answer-size "" must be a size' },
  { name: '--max-answer-size 1e309', args: [...STATUS, '--max-answer-size', `1${'0'.repeat(400)}`], answer: EMPTY, code: 2, message: 'must be a size' },
];

const timeCases: CorpusCase[] = [
  { name: 'no answer at all', args: [...STATUS, '--timeout', '500ms'], answer: () => ({ hang: true }), code: 4, message: 'no answer within 0.5 s (timed out)' },
  { name: 'headers, then a body that trickles', args: [...STATUS, '--timeout', '1s'], answer: () => ({ stream: { chunks: 100, chunkBytes: 10, intervalMs: 200 } }), code: 4, message: 'no answer within 1 s (timed out) while reading the answer' },
  { name: 'a slow answer within the timeout', args: [...STATUS, '--timeout', '5s'], answer: () => ({ ...EMPTY(), delayMs: 300 }), code: 0, message: 'no SLOs found' },
  { name: '--timeout 25d is more than a timer holds', args: [...STATUS, '--timeout', '25d'], answer: EMPTY, code: 2, message: '--timeout "25d" is longer than Node.js timers can wait (about 24.8 days): give at most 24d' },
  { name: '--timeout 24d is accepted', args: [...STATUS, '--timeout', '24d'], answer: EMPTY, code: 0, message: 'no SLOs found' },
  { name: '--timeout 1y', args: [...STATUS, '--timeout', '1y'], answer: EMPTY, code: 2, message: 'is longer than Node.js timers can wait' },
  { name: '--timeout with 30 digits', args: [...STATUS, '--timeout', `${'9'.repeat(30)}y`], answer: EMPTY, code: 2, message: 'is not a duration like 30s, 5m or 7d: is too long' },
  { name: '--timeout 0s', args: [...STATUS, '--timeout', '0s'], answer: EMPTY, code: 2, message: '--timeout "0s" is not a duration like 30s, 5m or 7d: must be longer than zero' },
  { name: '--timeout -1s', args: [...STATUS, '--timeout=-1s'], answer: EMPTY, code: 2, message: '--timeout "-1s" is not a duration' },
  { name: 'discover --timeout 25d', args: ['discover', '--services-file', 'x.json', '--timeout', '25d'], code: 2, message: '--timeout "25d" is longer than Node.js timers can wait' },
  { name: 'plan --cluster --timeout 30d', args: ['plan', '--cluster', '--timeout', '30d', 'dist'], code: 2, message: '--timeout "30d" is longer than Node.js timers can wait' },
  { name: 'verify --wait far beyond a timer is fine (it polls)', args: ['verify', 'missing.yaml', '--prometheus-url', '{URL}', '--wait', '30d'], answer: EMPTY, code: 3, message: 'missing.yaml: no such file or directory' },
];

runCorpus('answer size and time', [...sizeCases, ...timeCases]);
