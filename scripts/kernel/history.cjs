// history_request, answered from this kernel session's inputs (no database: a new kernel has no history).
//
// Entries are (session, line, input) — or (session, line, [input, output]) when `output` is asked — where the
// session is 1 (this one; 0 and 1 both name it, earlier sessions are empty) and the line is the execution
// count. As IPython's history manager: `tail` gives the last n, `range` lines start ≤ line < stop, `search`
// the inputs matching a glob pattern (* and ?, over the whole input), the last n of them, and with `unique`
// each input once (its latest run).
"use strict";

const SESSION = 1;

const globToRegExp = (pattern) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]")}$`);

class History {
  constructor() {
    /** @type {{ line: number, input: string, output: string | null }[]} */
    this.entries = [];
  }
  add(line, input, output) {
    this.entries.push({ line, input, output });
  }
  /** The history_reply `history` list for a request's content. */
  query(request) {
    const type = request.hist_access_type ?? "tail";
    let found = this.entries;
    if (type === "range") {
      const session = request.session ?? 0;
      if (session !== 0 && session !== SESSION) return [];
      const start = request.start ?? 0;
      const stop = request.stop ?? Infinity;
      found = found.filter((e) => e.line >= start && e.line < stop);
    } else if (type === "search") {
      const re = globToRegExp(request.pattern ?? "*");
      found = found.filter((e) => re.test(e.input));
      if (request.unique) {
        const seen = new Set();
        found = found.slice().reverse().filter((e) => !seen.has(e.input) && seen.add(e.input)).reverse();
      }
      if (request.n) found = found.slice(-request.n);
    } else if (type === "tail") {
      found = request.n ? found.slice(-request.n) : [];
    } else {
      return [];
    }
    return found.map((e) => [SESSION, e.line, request.output ? [e.input, e.output] : e.input]);
  }
}

module.exports = { History, globToRegExp };
