/** ANSI colours for terminal tables; `enabled` false returns the text unchanged. */
export class Palette {
  public constructor(private readonly enabled: boolean) {}
  public red(text: string): string {
    return this.wrap(31, text);
  }
  public yellow(text: string): string {
    return this.wrap(33, text);
  }
  public green(text: string): string {
    return this.wrap(32, text);
  }
  public dim(text: string): string {
    return this.wrap(2, text);
  }
  public bold(text: string): string {
    return this.wrap(1, text);
  }
  private wrap(code: number, text: string): string {
    return this.enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}

/** The width of text as a terminal shows it (ANSI escapes take no room). */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
