import { CliIo } from '../src/cli-io';
import { credentialsOf, protectedIo } from '../src/output/protected-io';
import { terminalSafe, terminalSafeKeepingOwnSequences } from '../src/output/terminal-text';
import { redactUrlText } from '../src/prometheus/prometheus-url';

function capture(env: Record<string, string> = {}, argv: string[] = [], tty = false): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const raw: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), stdoutIsTty: tty, stderrIsTty: tty, env, cwd: '/', now: () => 0 };
  return { io: protectedIo(raw, argv), out, err };
}

describe('credentials of the command line and environment', () => {
  test.each([
    [['--prometheus-url', 'http://u:secret-pw@h/?token=abcdef&x=1'], {}, ['u:secret-pw', 'secret-pw', 'abcdef']],
    [['--prometheus-url=http://h/?only-a-token-value'], {}, ['only-a-token-value']],
    [[], { PROMETHEUS_URL: 'https://admin:p%40ssword@h' }, ['admin:p%40ssword', 'admin:p@ssword', 'p%40ssword', 'p@ssword']],
    [[], { PROMETHEUS_BEARER_TOKEN: ' long-bearer-token ' }, ['long-bearer-token']],
    [['--prometheus-url', 'http://user:pa#ss?wo/rd@host'], {}, ['pa#ss?wo/rd']],
    // Too short to replace everywhere without garbling output: messages never hold them in the first place.
    [['--prometheus-url', 'http://u:abc@h'], {}, []],
  ])('%j %j', (argv: string[], env: Record<string, string>, expected: string[]) => {
    const found = credentialsOf(argv, env);
    for (const secret of expected) expect(found).toContain(secret);
    expect(found.every((s) => s.length >= 6)).toBe(true);
  });

  test('are replaced in both streams, also when a server echoes them JSON-escaped', () => {
    const { io, out, err } = capture({ PROMETHEUS_BEARER_TOKEN: 'to"ken-with-quote' });
    io.stdout(JSON.stringify({ echoed: 'to"ken-with-quote' }));
    io.stderr('bearer to"ken-with-quote refused');
    expect(out.join('')).toBe('{"echoed":"***"}');
    expect(err.join('')).toBe('bearer *** refused');
  });
});

describe('terminal text', () => {
  test('controls are escaped; line feeds and tabs stay', () => {
    expect(terminalSafe('a\tb\nc\u001b[2J\u0007\u009b\u202e\u2066\u2028\r\u007f')).toBe('a\tb\nc\\u001b[2J\\u0007\\u009b\\u202e\\u2066\\u2028\\u000d\\u007f');
  });

  test('on a terminal, the colours the CLI writes stay and nothing else does', () => {
    expect(terminalSafeKeepingOwnSequences('\u001b[31mred\u001b[0m \u001b]0;x\u0007 \r\u001b[2Kbar')).toBe('\u001b[31mred\u001b[0m \\u001b]0;x\\u0007 \r\u001b[2Kbar');
  });

  test('a pipe gets no sequence at all, not even colours', () => {
    const { io, out } = capture();
    io.stdout('\u001b[31mred\u001b[0m');
    expect(out.join('')).toBe('\\u001b[31mred\\u001b[0m');
  });
});

describe('URL text in messages', () => {
  test.each([
    ['http://user:pw@host:9090/x', 'http://***@host:9090/x'],
    ['http://a@b@host/', 'http://***@host/'],
    ['user:pw@host', '***@host'],
    ['http://host/?token=abc&x', 'http://host/?token=***&***'],
    ['http://host/#frag', 'http://host/#***'],
    ['http://host:9090', 'http://host:9090'],
    ['not a url', 'not a url'],
    ['http://user:pa#ss@host', 'http://***@host'],
    ['http://user:pa?ss/x@host/?q=1', 'http://***@host/?q=***'],
  ])('%s → %s', (text, shown) => {
    expect(redactUrlText(text)).toBe(shown);
  });
});
