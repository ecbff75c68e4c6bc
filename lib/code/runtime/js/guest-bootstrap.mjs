// The first code that runs in every sandbox context, before the user's module. The runner sends
// this function's source text (Function.prototype.toString) into the isolate and calls it once per
// context, so it must not close over anything outside itself. Its arguments stay inside this closure:
// the References to the runner are never reachable from the guest's global object (a Reference on
// the global would let guest code call into the runner with arguments of its choosing).
//
// Returns the per-invocation entry point: invoke(inputJson) → Promise<outcomeJson>, where the
// outcome is { ok: true, value } or { ok: false, error: { name, message, stack } }.

/* eslint-disable */
export function hookflowGuestBootstrap(
  hostCallRef,
  logCallback,
  cryptoCallback,
  userFactoryRef,
  moduleNamesJson,
  moduleFactoryRefs,
) {
  const global = globalThis;
  const jsonParse = JSON.parse;
  const jsonStringify = JSON.stringify;
  const freeze = Object.freeze;
  const StringOf = String;
  const ErrorOf = Error;
  const TypeErrorOf = TypeError;
  const PromiseOf = Promise;
  const ALLOWED = freeze(["hookflow", "hookflow/crypto", ...jsonParse(moduleNamesJson)]);

  // Unbounded memory outside V8's heap limit (WebAssembly) and blocking waits (Atomics) are
  // removed: functions have no legitimate use for them here.
  delete global.WebAssembly;
  delete global.SharedArrayBuffer;
  delete global.Atomics;

  function hostCall(kind, method, payload) {
    return hostCallRef
      .apply(undefined, [kind, method, payload], {
        arguments: { copy: true },
        result: { promise: true, copy: true },
      })
      .then(undefined, (error) => {
        throw new ErrorOf(StringOf(error?.message ? error.message : error));
      });
  }

  // ---- console (captured by the runner, capped per invocation) ----
  let logBudget = 0;
  let isTruncationReported = false;
  function describeValue(value, depth) {
    if (typeof value === "string") return value;
    if (value instanceof ErrorOf)
      return value.stack ? StringOf(value.stack) : `${value.name}: ${value.message}`;
    if (typeof value === "function") return `[Function ${value.name || "anonymous"}]`;
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value === "symbol" || value === undefined) return StringOf(value);
    if (value !== null && typeof value === "object") {
      try {
        const text = jsonStringify(value, (_key, inner) => (typeof inner === "bigint" ? `${inner}n` : inner));
        return text === undefined ? StringOf(value) : text;
      } catch {
        return depth === 0 ? "[object (circular or not serialisable)]" : "[object]";
      }
    }
    return StringOf(value);
  }
  function makeLogger(level) {
    return function log(...args) {
      if (logBudget <= 0) {
        if (!isTruncationReported) logCallback(level, null);
        isTruncationReported = true;
        return;
      }
      let message = "";
      for (let index = 0; index < args.length; index++) {
        message += (index === 0 ? "" : " ") + describeValue(args[index], 0);
        if (message.length > logBudget) break;
      }
      if (message.length > logBudget) message = message.slice(0, logBudget);
      logBudget -= message.length + 1;
      logCallback(level, message);
    };
  }
  global.console = freeze({
    log: makeLogger("log"),
    info: makeLogger("info"),
    warn: makeLogger("warn"),
    error: makeLogger("error"),
    debug: makeLogger("debug"),
    trace: makeLogger("debug"),
  });

  // ---- timers (resolved by the runner; bounded by the invocation's wall clock) ----
  let nextTimerId = 1;
  const cancelledTimers = new Set();
  global.setTimeout = function setTimeout(callback, ms, ...args) {
    const id = nextTimerId++;
    hostCall("sleep", "", StringOf(Math.max(0, Number(ms) || 0))).then(() => {
      if (cancelledTimers.delete(id)) return;
      if (typeof callback === "function") callback(...args);
    });
    return id;
  };
  global.clearTimeout = function clearTimeout(id) {
    cancelledTimers.add(id);
  };

  // ---- crypto (computed by the runner with node:crypto, synchronously) ----
  function cryptoCall(operation, algorithm, first, second, encoding) {
    const result = cryptoCallback(operation, algorithm, first, second, encoding);
    if (typeof result === "string" && result.startsWith("error:")) throw new TypeErrorOf(result.slice(6));
    return result;
  }
  const text = (value) => (typeof value === "string" ? value : (jsonStringify(value) ?? StringOf(value)));
  const hookflowCrypto = freeze({
    hash: (algorithm, data, encoding = "hex") =>
      cryptoCall("hash", StringOf(algorithm), text(data), "", StringOf(encoding)),
    hmac: (algorithm, key, data, encoding = "hex") =>
      cryptoCall("hmac", StringOf(algorithm), StringOf(key), text(data), StringOf(encoding)),
    sha256: (data, encoding = "hex") => cryptoCall("hash", "sha256", text(data), "", StringOf(encoding)),
    hmacSha256: (key, data, encoding = "hex") =>
      cryptoCall("hmac", "sha256", StringOf(key), text(data), StringOf(encoding)),
    randomUUID: () => cryptoCall("randomUUID", "", "", "", ""),
    randomBytes: (size, encoding = "hex") =>
      cryptoCall("randomBytes", "", StringOf(size), "", StringOf(encoding)),
  });
  global.crypto = freeze({
    randomUUID: hookflowCrypto.randomUUID,
    getRandomValues(array) {
      if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array) {
        throw new TypeErrorOf("crypto.getRandomValues expects an integer typed array");
      }
      const hex = cryptoCall("randomBytes", "", StringOf(array.byteLength), "", "hex");
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let index = 0; index < bytes.length; index++)
        bytes[index] = Number.parseInt(hex.substr(index * 2, 2), 16);
      return array;
    },
  });

  // ---- fetch (performed by the host through the SSRF guard) ----
  function headersToObject(headers) {
    const result = {};
    if (headers == null) return result;
    const entries =
      typeof headers.entries === "function" && !Array.isArray(headers)
        ? [...headers.entries()]
        : Array.isArray(headers)
          ? headers
          : Object.entries(headers);
    for (const entry of entries) result[StringOf(entry[0]).toLowerCase()] = StringOf(entry[1]);
    return result;
  }
  function makeHeaders(record) {
    const map = new Map(Object.entries(record));
    return freeze({
      get: (name) => map.get(StringOf(name).toLowerCase()) ?? null,
      has: (name) => map.has(StringOf(name).toLowerCase()),
      entries: () => map.entries(),
      keys: () => map.keys(),
      values: () => map.values(),
      forEach: (callback) => {
        for (const [key, value] of map) callback(value, key);
      },
      [Symbol.iterator]: () => map.entries(),
    });
  }
  function bodyToText(body) {
    if (body == null) return null;
    if (typeof body === "string") return body;
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
      throw new TypeErrorOf("fetch: binary bodies are not supported; send a string or JSON");
    }
    return jsonStringify(body);
  }
  global.fetch = async function fetch(input, init) {
    const options = init ?? {};
    const url = StringOf(input !== null && typeof input === "object" && "url" in input ? input.url : input);
    const headers = headersToObject(options.headers);
    // Convenience beyond the standard: a plain object body is sent as JSON.
    if (options.body !== null && typeof options.body === "object" && !("content-type" in headers)) {
      headers["content-type"] = "application/json";
    }
    const request = {
      url,
      method: StringOf(options.method ?? "GET").toUpperCase(),
      headers,
      body: bodyToText(options.body),
    };
    const response = jsonParse(await hostCall("fetch", "", jsonStringify(request)));
    const body = StringOf(response.body);
    return freeze({
      url,
      status: response.status,
      statusText: response.statusText,
      ok: response.status >= 200 && response.status < 300,
      redirected: false,
      headers: makeHeaders(response.headers),
      text: async () => body,
      json: async () => jsonParse(body),
    });
  };

  // ---- the SDK ----
  const sdkCall = (method, args) => hostCall("sdk", method, jsonStringify(args) ?? "[]").then(jsonParse);
  const getProfile = () => sdkCall("getProfile", []);
  const updateProfile = (properties) => sdkCall("updateProfile", [properties]);
  const addToList = (list) => sdkCall("addToList", [list]);
  const removeFromList = (list) => sdkCall("removeFromList", [list]);
  const createEvent = (event) => sdkCall("createEvent", [event]);
  const sdk = freeze({
    getProfile,
    updateProfile,
    addToList,
    removeFromList,
    createEvent,
    profiles: freeze({ get: getProfile, update: updateProfile }),
    lists: freeze({ add: addToList, remove: removeFromList }),
    events: freeze({ create: createEvent }),
  });

  // ---- require: the allowlist only, each module evaluated on first import ----
  const moduleFactories = new Map();
  const bundledNames = jsonParse(moduleNamesJson);
  for (let index = 0; index < bundledNames.length; index++) {
    moduleFactories.set(bundledNames[index], moduleFactoryRefs[index]);
  }
  const loaded = new Map([
    ["hookflow", freeze({ __esModule: true, default: sdk, ...sdk })],
    ["hookflow/crypto", freeze({ __esModule: true, default: hookflowCrypto, ...hookflowCrypto })],
  ]);
  function require(name) {
    const key = StringOf(name);
    if (loaded.has(key)) return loaded.get(key);
    const factoryRef = moduleFactories.get(key);
    if (factoryRef === undefined) {
      throw new ErrorOf(`Cannot find module "${key}": functions can import only ${ALLOWED.join(", ")}`);
    }
    const module = { exports: {} };
    factoryRef.deref()(module, module.exports);
    loaded.set(key, module.exports);
    return module.exports;
  }

  // ---- the user's module ----
  const userModule = { exports: {} };
  userFactoryRef.deref()(userModule, userModule.exports, require);
  const handler = userModule.exports?.default;
  if (typeof handler !== "function") {
    throw new TypeErrorOf("The module's default export is not a function");
  }

  function describeError(error) {
    try {
      if (error instanceof ErrorOf || (error !== null && typeof error === "object" && "message" in error)) {
        return {
          name: StringOf(error.name ?? "Error"),
          message: StringOf(error.message),
          stack: error.stack == null ? null : StringOf(error.stack),
        };
      }
      return { name: "Error", message: `Thrown: ${describeValue(error, 0)}`, stack: null };
    } catch {
      return { name: "Error", message: "Thrown: a value that could not be described", stack: null };
    }
  }
  function settle(value) {
    const json = jsonStringify(value === undefined ? null : value);
    return `{"ok":true,"value":${json === undefined ? "null" : json}}`;
  }
  function fail(error) {
    return jsonStringify({ ok: false, error: describeError(error) });
  }

  return function invoke(inputJson) {
    const input = jsonParse(inputJson);
    logBudget = input.maxLogChars;
    isTruncationReported = false;
    const context = freeze({
      functionId: input.context.functionId,
      runId: input.context.runId,
      invocationId: input.context.invocationId,
      env: freeze(input.context.env),
      hookflow: sdk,
    });
    let pending;
    try {
      pending = PromiseOf.resolve(handler(input.event, input.profile, context));
    } catch (error) {
      return PromiseOf.resolve(fail(error));
    }
    return pending.then(
      (value) => {
        try {
          return settle(value);
        } catch (error) {
          return fail(
            new TypeErrorOf(`The return value is not JSON-serialisable: ${describeError(error).message}`),
          );
        }
      },
      (error) => fail(error),
    );
  };
}
