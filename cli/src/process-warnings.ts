import { oneLine } from './cli-error';
import { terminalSafe } from './output/terminal-text';

/**
 * Node.js prints a process warning (a deprecation, a timer that overflowed, a library's notice) each time
 * it is emitted: once per request when every request hits the same cause. The CLI prints each distinct
 * warning once, on one escaped line, in its own voice.
 */
export function printProcessWarningsOnce(write: (text: string) => void): void {
  const seen = new Set<string>();
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error) => {
    const text = `${warning.name}: ${oneLine(warning)}`;
    if (seen.has(text)) return;
    seen.add(text);
    write(`cdk8s-slo: warning: ${terminalSafe(text)}\n`);
  });
}
