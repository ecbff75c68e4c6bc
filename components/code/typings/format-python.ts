/**
 * "Format on save" for Python. Monaco has no Python formatter and the sandbox has no Black, so this
 * is the whitespace part of PEP 8 only, which never changes what the code means: tabs in the
 * indentation become four spaces, trailing whitespace goes, at most two blank lines in a row, one
 * final newline. Lines inside triple-quoted strings are left exactly as written.
 */
export function formatPython(source: string): string {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const formatted: string[] = [];
  let blankRun = 0;
  let openQuote: string | null = null;

  for (const line of lines) {
    const isInsideString = openQuote !== null;
    openQuote = trackTripleQuotes(line, openQuote);
    if (isInsideString) {
      formatted.push(line);
      blankRun = 0;
      continue;
    }
    const cleaned = expandIndentTabs(line).replace(/[ \t]+$/, "");
    if (cleaned === "") {
      blankRun += 1;
      if (blankRun > 2) continue;
    } else {
      blankRun = 0;
    }
    formatted.push(cleaned);
  }

  while (formatted.length > 0 && formatted[formatted.length - 1] === "") formatted.pop();
  return formatted.length === 0 ? "" : `${formatted.join("\n")}\n`;
}

function expandIndentTabs(line: string): string {
  const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
  if (!indent.includes("\t")) return line;
  let width = 0;
  for (const character of indent) width = character === "\t" ? width + 4 - (width % 4) : width + 1;
  return " ".repeat(width) + line.slice(indent.length);
}

/** The triple quote still open after this line (or null): a simple scan, good enough for layout. */
function trackTripleQuotes(line: string, open: string | null): string | null {
  let current = open;
  let index = 0;
  while (index < line.length) {
    if (current === null && line[index] === "#") break;
    const triple = line.slice(index, index + 3);
    if (triple === '"""' || triple === "'''") {
      if (current === null) current = triple;
      else if (current === triple) current = null;
      index += 3;
      continue;
    }
    index += 1;
  }
  return current;
}
