/**
 * Text for a terminal. Everything the CLI prints passes through `terminalSafe` (runCli wraps the streams),
 * so text from servers and files (error bodies, label values, names) can neither move the cursor, change
 * the title, hide a line nor reorder what is shown: C0 and C1 controls, DEL, Unicode line and paragraph
 * separators and bidirectional formatting characters are written as `\uXXXX`. Line feeds and tabs stay.
 *
 * The escapes read the same inside a JSON string, so `--json` output stays valid JSON meaning the same.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * The sequences the CLI itself writes (colours of `Palette`, the progress line's "return and clear"),
 * kept when the stream is a terminal and the CLI chose to colour it.
 */
// eslint-disable-next-line no-control-regex
const OWN_SEQUENCES = /(\r\u001b\[2K|\u001b\[(?:0|1|2|31|32|33)m)/;

/** `text` with every unsafe character written as `\uXXXX`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Like `terminalSafe`, but keeps the colour and progress sequences the CLI writes itself. */
export function terminalSafeKeepingOwnSequences(text: string): string {
  return text.split(OWN_SEQUENCES).map((part, index) => (index % 2 === 1 ? part : terminalSafe(part))).join('');
}
