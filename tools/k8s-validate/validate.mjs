#!/usr/bin/env node
// Offline validation of Kubernetes manifests: every object of a multi-document YAML stream is validated with the
// model class of its apiVersion/kind from `kubernetes-models` (Kubernetes) or `@kubernetes-models/keda` (KEDA),
// i.e. against the JSON schema of that API. The schemas accept unknown fields (as a lenient API server would), so
// the fields are also checked against the models' type declarations, the way `kubectl apply` with strict field
// validation rejects a misspelt field. An object of an unknown apiVersion/kind is an error.
//
// usage: node validate.mjs [--json] [--parse-only] [FILE ...]      (no FILE, or "-": standard input)
//   --json        print the parsed documents as a JSON array on standard output (after validating them)
//   --parse-only  parse and print (implies --json), do not validate: YAML -> JSON for the tests
// Exit code 0 when every object is valid, 1 otherwise (each problem on standard error as "kind/name: message").

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = path.join(here, 'node_modules');

const problems = [];
const documents = [];

// ---------------------------------------------------------------------------------------------------------------

function describe(object) {
  const kind = object?.kind ?? '<no kind>';
  const name = object?.metadata?.name ?? '<no name>';
  return `${kind}/${name}`;
}

/** The package folder and path of an apiVersion's models, or null when no installed package models it. */
function modelLocation(apiVersion) {
  if (typeof apiVersion !== 'string' || apiVersion.length === 0) {
    return null;
  }
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const packageName = group.endsWith('keda.sh') ? '@kubernetes-models/keda' : 'kubernetes-models';
  const dir = path.join(nodeModules, packageName, apiVersion);
  return existsSync(dir) ? { packageName, dir } : null;
}

async function validateObject(object) {
  const where = describe(object);
  if (typeof object !== 'object' || Array.isArray(object)) {
    problems.push(`${where}: not an object`);
    return;
  }
  if (!object.metadata?.name) {
    problems.push(`${where}: metadata.name is missing`);
  }
  const location = modelLocation(object.apiVersion);
  if (location === null) {
    problems.push(`${where}: unknown apiVersion '${object.apiVersion}' (no model installed for it)`);
    return;
  }
  const module = await import(`${location.packageName}/${object.apiVersion}`);
  const Model = module[object.kind];
  if (typeof Model !== 'function' || !existsSync(path.join(location.dir, `${object.kind}.d.ts`))) {
    problems.push(`${where}: unknown kind '${object.kind}' in ${object.apiVersion}`);
    return;
  }
  // kustomize wraps long base64 values of a Secret's data over several lines; the API server's decoder (Go's
  // encoding/base64) skips the line breaks, the schema's "byte" format does not.
  const checked = object.kind === 'Secret' && object.apiVersion === 'v1' && object.data
    ? { ...object, data: Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v])) }
    : object;
  try {
    new Model(checked).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
  const type = interfaceOfFile(path.join(location.dir, `${object.kind}.d.ts`), `I${object.kind}`);
  checkFields(object, type, '', where);
}

// --- strict field check over the models' TypeScript declarations -------------------------------------------------

const fileCache = new Map();

/** Parses `export interface IName ... { members }` of a .d.ts file; null when the file declares no such interface. */
function interfaceOfFile(file, interfaceName) {
  const key = `${file}#${interfaceName ?? ''}`;
  if (fileCache.has(key)) {
    return fileCache.get(key);
  }
  fileCache.set(key, null);
  if (!existsSync(file)) {
    return null;
  }
  const source = stripComments(readFileSync(file, 'utf8'));
  const imports = parseImports(source, path.dirname(file));
  const pattern = interfaceName
    ? new RegExp(`export interface ${interfaceName}\\b[^{]*\\{`)
    : /export interface \w+\b[^{]*\{/;
  const match = pattern.exec(source);
  if (!match) {
    return null;
  }
  const body = matchingBody(source, match.index + match[0].length - 1);
  const type = parseObjectType(body, imports);
  fileCache.set(key, type);
  return type;
}

function stripComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

function parseImports(source, dir) {
  const imports = new Map();
  const pattern = /import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g;
  for (const match of source.matchAll(pattern)) {
    const target = resolveImport(match[2], dir);
    for (const part of match[1].split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name) {
        imports.set((alias ?? name).trim(), { file: target, name: name.trim() });
      }
    }
  }
  return imports;
}

function resolveImport(specifier, dir) {
  const withoutJs = specifier.replace(/\.js$/, '');
  if (withoutJs.startsWith('.')) {
    return path.join(dir, `${withoutJs}.d.ts`);
  }
  return path.join(nodeModules, `${withoutJs}.d.ts`);
}

/** The text between the brace at `open` and its matching closing brace. */
function matchingBody(source, open) {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') {
      depth++;
    } else if (source[i] === '}') {
      depth--;
      if (depth === 0) {
        return source.slice(open + 1, i);
      }
    }
  }
  throw new Error('unbalanced braces in a type declaration');
}

/** Members of an object type body: `"name"?: Type;` and index signatures `[key: string]: Type;`. */
function parseObjectType(body, imports) {
  const type = { kind: 'object', properties: new Map(), indexValue: null };
  for (const member of splitTopLevel(body, ';')) {
    const text = member.trim();
    if (text.length === 0) {
      continue;
    }
    const index = /^\[\s*\w+\s*:\s*string\s*\]\s*:\s*([\s\S]+)$/.exec(text);
    if (index) {
      type.indexValue = parseType(index[1], imports);
      continue;
    }
    const property = /^(?:readonly\s+)?(?:"([^"]+)"|([A-Za-z_$][\w$]*))\??\s*:\s*([\s\S]+)$/.exec(text);
    if (property) {
      type.properties.set(property[1] ?? property[2], parseType(property[3], imports));
    }
  }
  return type;
}

function splitTopLevel(text, separator) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '<' || c === '(' || c === '[') {
      depth++;
    } else if (c === '}' || c === '>' || c === ')' || c === ']') {
      depth--;
    } else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A type expression: arrays, inline objects and imported interfaces are followed; anything else is a leaf. */
function parseType(text, imports) {
  const t = text.trim();
  if (splitTopLevel(t, '|').length > 1) {
    return { kind: 'leaf' };
  }
  const arrayOf = /^Array<([\s\S]+)>$/.exec(t);
  if (arrayOf) {
    return { kind: 'array', item: parseType(arrayOf[1], imports) };
  }
  if (t.endsWith('[]')) {
    return { kind: 'array', item: parseType(t.slice(0, -2), imports) };
  }
  if (t.startsWith('{')) {
    return parseObjectType(matchingBody(t, 0), imports);
  }
  const imported = imports.get(t);
  if (imported) {
    return { kind: 'ref', file: imported.file, name: imported.name };
  }
  return { kind: 'leaf' };
}

function resolve(type) {
  if (type?.kind === 'ref') {
    // Each declaration file holds one interface, exported under a short and a long name: take the file's.
    return interfaceOfFile(type.file, null) ?? { kind: 'leaf' };
  }
  return type ?? { kind: 'leaf' };
}

function checkFields(value, declared, at, where) {
  const type = resolve(declared);
  if (value === null || value === undefined || type.kind === 'leaf') {
    return;
  }
  if (type.kind === 'array') {
    if (Array.isArray(value)) {
      value.forEach((item, i) => checkFields(item, type.item, `${at}[${i}]`, where));
    }
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childAt = at ? `${at}.${key}` : key;
    if (type.properties.has(key)) {
      checkFields(child, type.properties.get(key), childAt, where);
    } else if (type.indexValue) {
      checkFields(child, type.indexValue, childAt, where);
    } else if (type.properties.size > 0) {
      problems.push(`${where}: unknown field '${childAt}'`);
    }
  }
}

async function main() {
  const args = process.argv.slice(2);
  const parseOnly = args.includes('--parse-only');
  const printJson = parseOnly || args.includes('--json');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    files.push('-');
  }

  for (const file of files) {
    const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        problems.push(`${file}: YAML error: ${doc.errors.map((e) => e.message).join('; ')}`);
        continue;
      }
      const value = doc.toJS();
      if (value === null || value === undefined) {
        continue;
      }
      documents.push(value);
    }
  }

  if (!parseOnly) {
    for (const object of documents) {
      await validateObject(object);
    }
  }

  if (printJson) {
    process.stdout.write(JSON.stringify(documents));
    process.stdout.write('\n');
  }

  if (problems.length > 0) {
    for (const problem of problems) {
      process.stderr.write(`${problem}\n`);
    }
    process.stderr.write(`${problems.length} problem(s) in ${documents.length} object(s)\n`);
    process.exit(1);
  }
  if (!parseOnly) {
    process.stderr.write(`${documents.length} object(s) valid\n`);
  }
}

await main();
