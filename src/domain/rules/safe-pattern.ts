import { RE2JS } from 're2js';
import * as retModule from 'ret';
import { types, type Tokens } from 'ret';

type Tokenize = (pattern: string) => Tokens;
// ret is CommonJS with `exports.default = tokenizer`: depending on the loader's interop the default import is
// the function itself or the exports object holding it.
const retDefault = (retModule as unknown as { default: Tokenize | { default: Tokenize } }).default;
const tokenize: Tokenize = typeof retDefault === 'function' ? retDefault : retDefault.default;

/**
 * Seller-supplied regular expressions (postal-code rules) never run on a backtracking engine: they are
 * matched with RE2JS, whose automaton runs in time linear in the input whatever the pattern. At rule creation
 * a pattern must also compile for RE2 (no look-arounds, no back-references) and may not nest unbounded
 * repetitions (`(a+)+`): harmless under RE2, but never what a postal code needs and a sign of an attack.
 */
export function patternProblem(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
  } catch {
    return 'not a valid regular expression (look-arounds and back-references are not supported)';
  }
  let tree: Tokens;
  try {
    tree = tokenize(pattern);
  } catch {
    return 'not a valid regular expression';
  }
  return unboundedDepth(tree) > 1 ? 'nested unbounded repetition (like (a+)+) is not allowed' : null;
}

/** The deepest nesting of unbounded repetitions (`*`, `+`, `{n,}`) in a parsed pattern. */
function unboundedDepth(t: Tokens): number {
  if (t.type === types.REPETITION) return unboundedDepth(t.value) + (t.max === Infinity ? 1 : 0);
  if (t.type === types.ROOT || t.type === types.GROUP) {
    const branches = [...(t.options ?? []), ...(t.stack ? [t.stack] : [])];
    return Math.max(0, ...branches.flatMap((b) => b.map(unboundedDepth)));
  }
  return 0;
}

const compiled = new Map<string, RE2JS | null>();
const CACHE_MAX = 1000;

/** Whether `input` matches `pattern` entirely, in linear time; undefined when the pattern does not compile for RE2. */
export function fullMatch(pattern: string, input: string): boolean | undefined {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    if (compiled.size >= CACHE_MAX) compiled.clear();
    compiled.set(pattern, re);
  }
  return re ? re.testExact(input) : undefined;
}
