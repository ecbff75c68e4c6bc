"use client";

import dynamic from "next/dynamic";
import type { TMonacoEditorProps } from "./editor-types";

export type {
  TCompletionSource,
  TEditorMarker,
  TMonaco,
  TMonacoCodeEditor,
  TMonacoEditorProps,
} from "./editor-types";
export { LIQUID_JSON_LANGUAGE_ID } from "./liquid-json-language";

/**
 * The product's one code editor (webhook bodies, code functions). Client-only and lazy: Monaco and
 * its workers are bundled from node_modules and fetched only when an editor is rendered.
 */
const LazyMonacoEditor = dynamic(() => import("./monaco-editor-impl"), {
  ssr: false,
  loading: () => <div className="p-3 text-xs text-zinc-500">Loading editor…</div>,
});

export function MonacoEditor(props: TMonacoEditorProps) {
  return <LazyMonacoEditor {...props} />;
}
