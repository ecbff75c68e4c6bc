import type * as Monaco from "monaco-editor";

/** A JSON document with Liquid tags (`{{ … }}`, `{% … %}`) — the webhook body template. */
export const LIQUID_JSON_LANGUAGE_ID = "liquid-json";

/**
 * Monarch tokenizer only (no worker, no JSON validation): the Liquid tags make the source invalid
 * JSON until rendered, so validation is done on the server by the real templating code and shown
 * as markers.
 */
export function registerLiquidJsonLanguage(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((language) => language.id === LIQUID_JSON_LANGUAGE_ID)) {
    return;
  }
  monaco.languages.register({ id: LIQUID_JSON_LANGUAGE_ID });
  monaco.languages.setLanguageConfiguration(LIQUID_JSON_LANGUAGE_ID, {
    brackets: [
      ["{", "}"],
      ["[", "]"],
      ["{{", "}}"],
      ["{%", "%}"],
    ],
    autoClosingPairs: [
      { open: "{", close: "}" },
      { open: "[", close: "]" },
      { open: '"', close: '"', notIn: ["string"] },
    ],
    surroundingPairs: [
      { open: "{", close: "}" },
      { open: "[", close: "]" },
      { open: '"', close: '"' },
    ],
  });
  monaco.languages.setMonarchTokensProvider(LIQUID_JSON_LANGUAGE_ID, {
    defaultToken: "",
    tokenizer: {
      root: [
        [/\{\{-?/, { token: "delimiter.liquid", next: "@liquid" }],
        [/\{%-?/, { token: "delimiter.liquid", next: "@liquidTag" }],
        [/"/, { token: "string", next: "@string" }],
        [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, "number"],
        [/\b(true|false|null)\b/, "keyword"],
        [/[{}[\]]/, "delimiter.bracket"],
        [/[,:]/, "delimiter"],
        [/\s+/, "white"],
      ],
      string: [
        [/\{\{-?/, { token: "delimiter.liquid", next: "@liquid" }],
        [/\{%-?/, { token: "delimiter.liquid", next: "@liquidTag" }],
        [/[^\\"{]+/, "string"],
        [/\\./, "string.escape"],
        [/\{/, "string"],
        [/"/, { token: "string", next: "@pop" }],
      ],
      liquid: [[/-?\}\}/, { token: "delimiter.liquid", next: "@pop" }], ...LIQUID_EXPRESSION_RULES],
      liquidTag: [
        [/-?%\}/, { token: "delimiter.liquid", next: "@pop" }],
        [
          /\b(if|elsif|else|endif|unless|endunless|for|endfor|in|assign|capture|endcapture|case|when|endcase)\b/,
          "keyword",
        ],
        ...LIQUID_EXPRESSION_RULES,
      ],
    },
  });
}

const LIQUID_EXPRESSION_RULES: Monaco.languages.IMonarchLanguageRule[] = [
  [/\|\s*[a-z_]+/, "keyword"],
  [/'[^']*'|"[^"]*"/, "string"],
  [/[a-zA-Z_$][\w$]*/, "variable"],
  [/\d+(\.\d+)?/, "number"],
  [/[.:,]/, "delimiter"],
  [/\s+/, "white"],
];
