/**
 * Alert annotations are Go templates that Prometheus expands on every notification. This module checks a
 * template the way Prometheus's loader does (Go's text/template parser with Prometheus's functions and the
 * variables it defines: `$labels`, `$externalLabels`, `$externalURL`, `$value`), and escapes literal text so
 * that it prints as written. `query` runs PromQL from inside a notification, so it is allowed only on request.
 */
import { unquotePromqlString } from '../promql/string-literal';

/** Go's template builtins and the functions Prometheus 2 and 3 add (promtool knows all of them). */
const TEMPLATE_FUNCTIONS = new Set([
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery',
  'eq', 'ge', 'gt', 'le', 'lt', 'ne',
  'query', 'first', 'label', 'value', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title', 'toUpper',
  'toLower', 'graphLink', 'tableLink', 'sortByLabel', 'humanize', 'humanize1024', 'humanizeDuration',
  'humanizePercentage', 'humanizeTimestamp', 'pathPrefix', 'externalURL', 'parseDuration', 'stripPort',
  'stripDomain', 'toTime',
]);
/** The function that runs PromQL: it can copy any series into a notification. */
export const QUERY_TEMPLATE_FUNCTION = 'query';
/** The variables Prometheus defines before expanding an alert template. */
const PROMETHEUS_VARIABLES = ['$', '$labels', '$externalLabels', '$externalURL', '$value'];
const KEYWORDS = new Set(['if', 'range', 'with', 'else', 'end', 'define', 'template', 'block', 'break', 'continue']);

/**
 * Escapes literal text for a Go template: every `{{` and `}}` becomes an action that prints it, so the text
 * is shown exactly as written and never executed.
 */
export function escapeGoTemplate(text: string): string {
  return text.replace(/\{\{|\}\}/g, (delimiter) => `{{ "${delimiter}" }}`);
}

/** Why Prometheus would refuse `template` as an alert annotation, or undefined when it loads. */
export function templateProblem(template: string, allowQuery: boolean): string | undefined {
  try {
    new TemplateChecker(template, allowQuery).check();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

type Token =
  | { readonly kind: 'word' | 'variable' | 'field' | 'literal' | 'punct'; readonly text: string };

interface Block {
  readonly keyword: string;
  /** The variables in scope before the block, and right after its own declaration. */
  readonly outer: string[];
  readonly inner: string[];
  elseSeen: boolean;
}

class TemplateChecker {
  private variables: string[] = [...PROMETHEUS_VARIABLES];
  private readonly blocks: Block[] = [];

  public constructor(private readonly template: string, private readonly allowQuery: boolean) {}

  public check(): void {
    let at = 0;
    for (;;) {
      const open = this.template.indexOf('{{', at);
      if (open < 0) break;
      let start = open + 2;
      if (this.template.startsWith('- ', start) || this.template.startsWith('-\t', start) || this.template.startsWith('-\n', start)) start += 1;
      const { tokens, end, comment } = this.lexAction(start);
      if (!comment) this.action(tokens);
      at = end;
    }
    if (this.blocks.length > 0) {
      throw new Error(`unexpected EOF: {{${this.blocks[this.blocks.length - 1].keyword}}} has no {{end}}`);
    }
  }

  /** The tokens of one action starting at `from`, and the offset after its closing `}}`. */
  private lexAction(from: number): { tokens: Token[]; end: number; comment?: boolean } {
    const text = this.template;
    const tokens: Token[] = [];
    let i = from;
    const trimmed = text.slice(i).match(/^\s*\/\*/);
    if (trimmed) {
      const close = text.indexOf('*/', i + trimmed[0].length);
      if (close < 0) throw new Error('unclosed comment');
      const after = text.slice(close + 2).match(/^\s*-?\s*\}\}/);
      if (!after) throw new Error('comment ends before closing delimiter');
      return { tokens: [], end: close + 2 + after[0].length, comment: true };
    }
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (i >= text.length) throw new Error('unclosed action');
      if (text.startsWith('}}', i)) return { tokens, end: i + 2 };
      if (text.startsWith('-}}', i) && /\s/.test(text[i - 1])) return { tokens, end: i + 3 };
      const rest = text.slice(i);
      const match =
        rest.match(/^"(?:[^"\\\n]|\\.)*"/) ?? rest.match(/^`[^`]*`/) ?? rest.match(/^'(?:[^'\\\n]|\\.)*'/);
      if (match) {
        this.literal(match[0]);
        tokens.push({ kind: 'literal', text: match[0] });
        i += match[0].length;
        continue;
      }
      if (rest[0] === '"' || rest[0] === '`' || rest[0] === '\'') throw new Error('unterminated quoted string');
      const simple =
        rest.match(/^:=|^[=|(),]/)?.map((t) => ({ kind: 'punct' as const, text: t }))[0]
        ?? rest.match(/^\$[a-zA-Z0-9_]*/)?.map((t) => ({ kind: 'variable' as const, text: t }))[0]
        ?? rest.match(/^(\.[a-zA-Z_][a-zA-Z0-9_]*)+|^\./)?.map((t) => ({ kind: 'field' as const, text: t }))[0]
        ?? rest.match(/^[+-]?[0-9.][0-9a-zA-Z_.]*([eEpP][+-][0-9_]+)?i?/)?.map((t) => ({ kind: 'literal' as const, text: t }))[0]
        ?? rest.match(/^[a-zA-Z_][a-zA-Z0-9_]*/)?.map((t) => ({ kind: 'word' as const, text: t }))[0];
      if (!simple) throw new Error(`unexpected "${rest[0]}" in command`);
      if (simple.kind === 'literal' && !isGoNumber(simple.text)) throw new Error(`bad number syntax: "${simple.text}"`);
      tokens.push(simple);
      i += simple.text.length;
      // A field chain may follow a variable or a closing parenthesis: $labels.job, (x).Y
      const chain = text.slice(i).match(/^(\.[a-zA-Z_][a-zA-Z0-9_]*)+/);
      if (chain && (simple.kind === 'variable' || simple.text === ')')) i += chain[0].length;
    }
  }

  private literal(text: string): void {
    if (text.startsWith('"')) {
      try {
        unquotePromqlString(text);
      } catch (e) {
        throw new Error(`invalid syntax in ${text}: ${(e as Error).message}`);
      }
    } else if (text.startsWith('\'') && [...text.slice(1, -1)].length !== 1 && !/^'\\/.test(text)) {
      throw new Error(`malformed character constant: ${text}`);
    }
  }

  private action(tokens: Token[]): void {
    if (tokens.length === 0) {
      throw new Error('missing value for command');
    }
    const [first, ...rest] = tokens;
    const keyword = first.kind === 'word' && KEYWORDS.has(first.text) ? first.text : undefined;
    switch (keyword) {
      case undefined: return this.pipeline(tokens, 'command', false);
      case 'if':
      case 'with':
      case 'range': return this.open(keyword, rest);
      case 'block': return this.open(keyword, rest.slice(1), true);
      case 'define': {
        this.blocks.push({ keyword, outer: this.variables, inner: ['$'], elseSeen: false });
        this.variables = ['$'];
        return;
      }
      case 'template': return rest.length > 1 ? this.pipeline(rest.slice(1), 'template', false) : undefined;
      case 'end': {
        const block = this.blocks.pop();
        if (!block) throw new Error('unexpected {{end}}');
        this.variables = block.outer;
        return;
      }
      case 'else': return this.otherwise(rest);
      default: {
        if (!this.blocks.some((b) => b.keyword === 'range')) throw new Error(`{{${keyword}}} outside {{range}}`);
        if (rest.length > 0) throw new Error(`unexpected input after {{${keyword}}}`);
        return;
      }
    }
  }

  private open(keyword: string, tokens: Token[], optional = false): void {
    const outer = [...this.variables];
    if (!optional || tokens.length > 0) this.pipeline(tokens, keyword, keyword === 'range');
    this.blocks.push({ keyword, outer, inner: [...this.variables], elseSeen: false });
  }

  private otherwise(tokens: Token[]): void {
    const block = this.blocks[this.blocks.length - 1];
    if (!block || !['if', 'with', 'range'].includes(block.keyword)) throw new Error('unexpected {{else}}');
    if (block.elseSeen) throw new Error('expected end; found {{else}}');
    this.variables = [...block.inner];
    if (tokens.length === 0) {
      block.elseSeen = true;
      return;
    }
    const [chained, ...rest] = tokens;
    if (chained.kind !== 'word' || !['if', 'with'].includes(chained.text)) throw new Error('unexpected input after {{else}}');
    this.pipeline(rest, chained.text, false);
  }

  /** A pipeline: an optional declaration (`$x :=`, `$x =`), then commands joined by `|`. */
  private pipeline(tokens: Token[], context: string, rangeDeclaration: boolean): void {
    let body = tokens;
    const declaration = tokens.findIndex((t) => t.kind === 'punct' && (t.text === ':=' || t.text === '='));
    if (declaration >= 0 && tokens.slice(0, declaration).every((t) => t.kind === 'variable' || t.text === ',')) {
      const names = tokens.slice(0, declaration).filter((t) => t.kind === 'variable').map((t) => t.text);
      const commas = declaration - names.length;
      if (names.length === 0 || names.length > (rangeDeclaration ? 2 : 1) || commas !== names.length - 1) {
        throw new Error(`too many declarations in ${context}`);
      }
      if (tokens[declaration].text === '=') names.forEach((name) => this.variable(name));
      body = tokens.slice(declaration + 1);
      this.commands(body, context);
      this.variables.push(...names);
      return;
    }
    this.commands(body, context);
  }

  private commands(tokens: Token[], context: string): void {
    if (tokens.length === 0) throw new Error(`missing value for ${context}`);
    let depth = 0;
    let command: Token[] = [];
    const flush = () => {
      if (command.length === 0) throw new Error(`missing value for command in ${context}`);
      command = [];
    };
    for (const token of tokens) {
      if (token.text === '(' && token.kind === 'punct') depth++;
      if (token.text === ')' && token.kind === 'punct') {
        depth--;
        if (depth < 0) throw new Error('unexpected right paren');
      }
      if (token.kind === 'punct' && (token.text === ':=' || token.text === '=' || token.text === ',')) {
        throw new Error(`unexpected "${token.text}" in ${context}`);
      }
      if (token.text === '|' && token.kind === 'punct') {
        flush();
        continue;
      }
      if (token.kind === 'variable') this.variable(token.text);
      if (token.kind === 'word') this.word(token.text);
      command.push(token);
    }
    if (depth !== 0) throw new Error('unclosed left paren');
    flush();
  }

  private variable(name: string): void {
    if (!this.variables.includes(name)) throw new Error(`undefined variable "${name}"`);
  }

  private word(name: string): void {
    if (['true', 'false', 'nil'].includes(name)) return;
    if (KEYWORDS.has(name)) throw new Error(`unexpected <${name}> in command`);
    if (!TEMPLATE_FUNCTIONS.has(name)) throw new Error(`function "${name}" not defined (Prometheus's template functions: humanize, humanizePercentage, printf, ...)`);
    if (name === QUERY_TEMPLATE_FUNCTION && !this.allowQuery) {
      throw new Error('uses the "query" function, which runs PromQL when a notification is sent and can copy any series into it; set allowQueryInTemplates: true to allow it');
    }
  }
}

/** Go's number literals, as text/template reads them. */
function isGoNumber(text: string): boolean {
  const unsigned = text.replace(/^[+-]/, '').replace(/i$/, '');
  return /^(0[xX][0-9a-fA-F_]+(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?|\.[0-9][0-9_]*([eE][+-]?[0-9_]+)?)$/.test(unsigned);
}
