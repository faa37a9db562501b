/**
 * Reads an HTTP answer's body up to a size limit, counting while it streams: an answer larger than the
 * limit is refused as soon as the limit is passed, so memory never holds more than the limit (a server
 * sending 700 MB costs at most the limit, not 700 MB and its string copies).
 */

/** The body was larger than the limit. */
export class AnswerTooLargeError extends Error {
  public constructor(public readonly limitBytes: number, public readonly announced: boolean) {
    super(`the answer is larger than ${formatBytes(limitBytes)}`);
    this.name = 'AnswerTooLargeError';
  }
}

/** The body as UTF-8 text; throws AnswerTooLargeError past `limitBytes`, or what reading throws. */
export async function readBodyWithin(response: Response, limitBytes: number): Promise<string> {
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > limitBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new AnswerTooLargeError(limitBytes, true);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLargeError(limitBytes, false);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** `64 MB`, `512 KB`, `1200 bytes`: sizes for messages, in units of 1024. */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]];
  for (const [unit, size] of units) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
