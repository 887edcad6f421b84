import vm from 'node:vm';

/**
 * `regex_filter` as Label Studio applies it (Python's `re.match`: anchored at the start of the key, not at its end).
 * The pattern is the client's, so matching is bounded in time: a page of keys is matched inside a `node:vm` context
 * with a `timeout`, which V8 enforces even in the middle of a backtracking match, so a catastrophic pattern
 * (`(a+)+$`) fails the sync with a clear message instead of holding the server.
 */

/** How long one page of keys (at most 1,000) may take to match. */
export const KEY_FILTER_TIMEOUT_MS = 250;

type Compiled = { source: string; flags: string };

/** Python's regex syntax where it differs from JavaScript's (named groups, `\A`, `\Z`, leading inline flags). */
function toJs(pattern: string): Compiled {
  let source = pattern;
  let flags = '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]!) if ((f === 'i' || f === 'm' || f === 's') && !flags.includes(f)) flags += f;
  }
  source = source
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  return { source: `^(?:${source})`, flags };
}

/** The pattern ready to match, or why it is not a valid regular expression. */
export function compileKeyFilter(pattern: string): Compiled | string {
  const compiled = toJs(pattern);
  try {
    new RegExp(compiled.source, compiled.flags);
    return compiled;
  } catch (error) {
    return `Not a valid regular expression: ${(error as Error).message}`;
  }
}

export class KeyFilterTimeout extends Error {
  constructor() {
    super(
      `regex_filter took longer than ${KEY_FILTER_TIMEOUT_MS} ms on a page of keys; simplify it (nested quantifiers such as (a+)+ backtrack without end)`,
    );
    this.name = 'KeyFilterTimeout';
  }
}

/** The keys `pattern` matches (all of them without a pattern). */
export function filterKeys(pattern: string | null, keys: readonly string[]): string[] {
  if (!pattern || keys.length === 0) return [...keys];
  const compiled = compileKeyFilter(pattern);
  if (typeof compiled === 'string') throw new Error(`regex_filter: ${compiled}`);
  const sandbox = vm.createContext({ source: compiled.source, flags: compiled.flags, keys: [...keys] });
  let flagsOut: unknown;
  try {
    flagsOut = vm.runInContext('const re = new RegExp(source, flags); keys.map((k) => re.test(k))', sandbox, {
      timeout: KEY_FILTER_TIMEOUT_MS,
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new KeyFilterTimeout();
    throw error;
  }
  const matched = Array.from(flagsOut as ArrayLike<boolean>);
  return keys.filter((_, i) => matched[i] === true);
}
