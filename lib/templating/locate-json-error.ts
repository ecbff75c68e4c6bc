/**
 * Index of the first JSON syntax error in `text` (RFC 8259, as strict as JSON.parse), or null if
 * the text is valid. Needed because V8's messages only sometimes carry a position: "Unexpected
 * token '}', "{"a": }" is not valid JSON" has none, "… in JSON at position 9" has one.
 */
export function locateJsonError(text: string): number | null {
  let index = 0;

  const fail = (at: number): never => {
    throw new JsonSyntaxAt(Math.min(at, text.length));
  };
  const skipWhitespace = () => {
    while (index < text.length && " \t\n\r".includes(text.charAt(index))) index++;
  };
  const expectDigits = () => {
    const start = index;
    while (index < text.length && text.charAt(index) >= "0" && text.charAt(index) <= "9") index++;
    if (index === start) fail(index);
  };
  const readLiteral = (word: string) => {
    for (let k = 0; k < word.length; k++) if (text.charAt(index + k) !== word.charAt(k)) fail(index + k);
    index += word.length;
  };
  const readNumber = () => {
    if (text.charAt(index) === "-") index++;
    if (text.charAt(index) === "0") index++;
    else expectDigits();
    if (text.charAt(index) === ".") {
      index++;
      expectDigits();
    }
    if (text.charAt(index) === "e" || text.charAt(index) === "E") {
      index++;
      if (text.charAt(index) === "+" || text.charAt(index) === "-") index++;
      expectDigits();
    }
  };
  const readString = () => {
    index++;
    while (true) {
      if (index >= text.length) fail(index);
      const code = text.charCodeAt(index);
      if (code === 0x22) {
        index++;
        return;
      }
      if (code < 0x20) fail(index);
      if (code === 0x5c) {
        const escaped = text.charAt(index + 1);
        if (escaped === "u") {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text.charAt(index + k))) fail(index + k);
          index += 6;
        } else if ('"\\/bfnrt'.includes(escaped) && escaped !== "") index += 2;
        else fail(index + 1);
      } else index++;
    }
  };
  const readContainer = (close: "}" | "]") => {
    index++;
    skipWhitespace();
    if (text.charAt(index) === close) {
      index++;
      return;
    }
    while (true) {
      skipWhitespace();
      if (close === "}") {
        if (text.charAt(index) !== '"') fail(index);
        readString();
        skipWhitespace();
        if (text.charAt(index) !== ":") fail(index);
        index++;
      }
      readValue();
      skipWhitespace();
      const next = text.charAt(index);
      if (next === close) {
        index++;
        return;
      }
      if (next !== ",") fail(index);
      index++;
    }
  };
  const readValue = () => {
    skipWhitespace();
    const first = text.charAt(index);
    if (first === "{") readContainer("}");
    else if (first === "[") readContainer("]");
    else if (first === '"') readString();
    else if (first === "-" || (first >= "0" && first <= "9")) readNumber();
    else if (first === "t") readLiteral("true");
    else if (first === "f") readLiteral("false");
    else if (first === "n") readLiteral("null");
    else fail(index);
  };

  try {
    readValue();
    skipWhitespace();
    return index < text.length ? index : null;
  } catch (error) {
    if (error instanceof JsonSyntaxAt) return error.index;
    throw error;
  }
}

class JsonSyntaxAt extends Error {
  constructor(readonly index: number) {
    super(`JSON syntax error at ${index}`);
  }
}
