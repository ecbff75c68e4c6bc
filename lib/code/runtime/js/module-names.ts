/**
 * The only modules a JavaScript function can import. "hookflow" (the SDK) and "hookflow/crypto"
 * are built into the sandbox's bootstrap; the others are bundled once per host process with esbuild
 * (see bundle-modules.ts) and evaluated in an isolate only when the function imports them.
 */
export const BUNDLED_MODULE_NAMES = ["lodash", "dayjs", "uuid"] as const;
export const BUILT_IN_MODULE_NAMES = ["hookflow", "hookflow/crypto"] as const;
export const ALLOWED_MODULE_NAMES: readonly string[] = [...BUILT_IN_MODULE_NAMES, ...BUNDLED_MODULE_NAMES];

export type TBundledModuleName = (typeof BUNDLED_MODULE_NAMES)[number];

export function isAllowedModule(name: string): boolean {
  return ALLOWED_MODULE_NAMES.includes(name);
}

export function describeAllowedModules(): string {
  return ALLOWED_MODULE_NAMES.join(", ");
}
