/**
 * A one-line progress bar on stderr, redrawn in place. Only on a terminal: in CI logs and pipes it prints
 * nothing, so the output stays clean.
 */
export class ProgressBar {
  private done = 0;
  private lastDrawn = 0;

  public constructor(
    private readonly write: (text: string) => void,
    private readonly enabled: boolean,
    private readonly total: number,
    private readonly label: string,
  ) {}

  /** One more item finished; `detail` names it. */
  public tick(detail: string): void {
    this.done++;
    const now = Date.now();
    // Redraw at most every 50 ms, and always for the last item.
    if (!this.enabled || (now - this.lastDrawn < 50 && this.done < this.total)) return;
    this.lastDrawn = now;
    const width = 24;
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    this.write(`\r\u001b[2K${this.label} [${bar}] ${this.done}/${this.total} ${detail}`.slice(0, 200));
  }

  /** Clears the line. */
  public finish(): void {
    if (this.enabled) this.write('\r\u001b[2K');
  }
}
