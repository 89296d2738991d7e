// is_complete_request: may the frontend run this code now (complete), should Enter continue it on a new line
// (incomplete, with the indent to use), or will it never run as it stands (invalid)?
//
// TypeScript's parser decides. Code is incomplete when every parse error is at the very end of the text and
// says something is expected there (an unclosed brace, bracket or call, a dangling operator), or when a
// template literal or a block comment is left open (they may span lines). Any other parse error makes it
// invalid: an unterminated ordinary string, which cannot span lines, or a stray `)`. Two trailing blank
// lines force "complete", as in tslab and IPython, so a user can always submit.
"use strict";

// TypeScript's diagnostic codes for literals and comments left open at the end of the text.
const UNTERMINATED_TEMPLATE = 1160; // Unterminated template literal.
const UNTERMINATED_COMMENT = 1010; // '*/' expected.

let ts;
const typescript = () => (ts ??= require("@tslab/typescript-for-tslab"));

/** The indent for the next line: one level deeper after an opening bracket at the end of the last line. */
function indentAfter(code) {
  const last = code.slice(code.lastIndexOf("\n") + 1);
  const current = /^\s*/.exec(last)[0];
  return /[{([]\s*$/.test(last) ? current + "  " : current;
}

/** @returns {{ status: "complete" | "incomplete" | "invalid", indent?: string }} */
function isComplete(code) {
  if (code.trim() === "" || /\n[ \t]*\n[ \t]*$/.test(code)) return { status: "complete" };
  const t = typescript();
  const file = t.createSourceFile("cell.ts", code, t.ScriptTarget.Latest, false, t.ScriptKind.TS);
  const diagnostics = file.parseDiagnostics ?? [];
  if (diagnostics.length === 0) return { status: "complete" };
  const end = code.replace(/\s+$/, "").length;
  const open = (d) => d.code === UNTERMINATED_TEMPLATE || d.code === UNTERMINATED_COMMENT;
  const atEnd = (d) => d.start >= end && typeof d.messageText === "string" && / expected\.$/.test(d.messageText);
  if (diagnostics.every((d) => open(d) || atEnd(d))) return { status: "incomplete", indent: diagnostics.some(open) ? "" : indentAfter(code) };
  return { status: "invalid" };
}

module.exports = { isComplete };
