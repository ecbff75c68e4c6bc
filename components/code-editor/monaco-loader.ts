"use client";

/**
 * Loads Monaco from node_modules (never a CDN: Hookflow is self-hosted and may run offline) and
 * tells @monaco-editor/react to use this copy. Imported only by monaco-editor-impl.tsx, which is
 * itself loaded through next/dynamic, so Monaco (~0.9 MiB gzip) ships only with pages that show it.
 */
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { registerLiquidJsonLanguage } from "./liquid-json-language";

// monaco 0.57's exports map resolves "monaco-editor/<path>" to esm/vs/<path>.js, so the worker
// paths drop `esm/vs/`. The TypeScript worker (~1.35 MiB gzip) is only fetched when a JavaScript
// or TypeScript model opens.
function workerFor(label: string): Worker {
  if (label === "json") {
    return new Worker(new URL("monaco-editor/language/json/json.worker", import.meta.url), {
      type: "module",
    });
  }
  if (label === "typescript" || label === "javascript") {
    return new Worker(new URL("monaco-editor/language/typescript/ts.worker", import.meta.url), {
      type: "module",
    });
  }
  return new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), {
    type: "module",
  });
}

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker };
  }
}

let isConfigured = false;

/** Idempotent: safe to call from every editor instance. */
export function configureMonaco(): typeof monaco {
  if (!isConfigured) {
    window.MonacoEnvironment = { getWorker: (_workerId, label) => workerFor(label) };
    loader.config({ monaco });
    registerLiquidJsonLanguage(monaco);
    isConfigured = true;
  }
  return monaco;
}
