// The HTTP contract test. It takes the OpenAPI document from the built
// program (`grantflow serve` on a scratch SQLite database, GET
// /api/v1/openapi.json), validates it against the OpenAPI 3.0
// specification (@apidevtools/swagger-parser), then checks every exchange
// the integration tests recorded (tests/integration/http_client.cpp, one JSON
// line each: method, path, status, content_type, body):
//   - the path is matched to its path template and operation;
//   - the status must be one the operation lists;
//   - a JSON body must match the schema the operation gives for that status
//     and media type (problem+json bodies: Problem), with ajv;
//   - the JSON request of a successful exchange must match the operation's
//     request schema (what the server accepts, the document must allow).
// Paths outside the document (the web front-end) may only answer problems,
// which must match Problem; a method the path does not have must be a 405
// problem. It fails when any of that does not hold, or when fewer exchanges
// or operations than expected were checked (the integration tests did not
// run, or stopped recording), and prints one line with the counts.
//
// Usage: node check.mjs --bin build/dev/app/grantflow --records build/dev/contract/exchanges
//        [--min-bodies N] [--min-operations N]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

// What a full run of the integration tests checks at least (a run records
// well over these); fewer means they did not all run or did not record.
const kMinBodies = 1000;
const kMinOperations = 30;

function die(message) {
  console.error(`contract: ${message}`);
  process.exit(1);
}

const { values: options } = parseArgs({
  options: {
    bin: { type: 'string' },
    records: { type: 'string' },
    'min-bodies': { type: 'string', default: String(kMinBodies) },
    'min-operations': { type: 'string', default: String(kMinOperations) },
  },
});
if (!options.bin || !options.records) die('usage: check.mjs --bin GRANTFLOW --records FOLDER');

async function load(name) {
  try {
    return (await import(name)).default;
  } catch (e) {
    die(`the npm package ${name} is missing (${e.code || e.message}): run scripts/test, or ` +
        '`npm ci` in tests/contract (scripts/lib/deps.sh gf_npm_deps does it)');
  }
  return null;
}
const Ajv = await load('ajv');
const addFormats = await load('ajv-formats');
const SwaggerParser = await load('@apidevtools/swagger-parser');

// ---- the document, from the built program --------------------------------

async function fetchDocument(binary) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gf-contract-'));
  const db = `sqlite3://db=${dir}/grantflow.db timeout=10`;
  let child;
  try {
    execFileSync(binary, ['init', '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = spawn(binary, ['serve', '--db', db, '--port', '0', '--files', path.join(dir, 'files'),
      '--log', path.join(dir, 'server.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`grantflow serve did not start: ${stderr}`)), 30000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/grantflow serving (http:\/\/\S+?)\/? /);
        if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`grantflow serve exited ${code}: ${stderr}`));
      });
    });
    const response = await fetch(`${url}/api/v1/openapi.json`);
    if (response.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${response.status}`);
    return await response.json();
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => { child.once('exit', resolve); });
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => { setTimeout(r, 10000); })]);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- OpenAPI 3.0 schemas as JSON Schema for ajv ---------------------------

// OpenAPI 3.0 is not JSON Schema: `nullable: true` allows null, and
// `example` is documentation. References to #/components/schemas/X become
// #/$defs/X of one schema registered under the id `api`.
function toJsonSchema(schema) {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'nullable' || key.startsWith('x-')) continue;
    if (key === '$ref') {
      out.$ref = value.replace('#/components/schemas/', '#/$defs/');
    } else if (key === 'properties' || key === '$defs') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]));
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  return schema.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function errorsText(errors) {
  return errors.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}` +
    (e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : '') +
    (e.params && e.params.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : '')).join('; ');
}

// ---- main -----------------------------------------------------------------

const failures = [];
const fail = (message) => { failures.push(message); };

let document;
try {
  document = await fetchDocument(options.bin);
} catch (e) {
  die(`could not get the OpenAPI document from ${options.bin}: ${e.message}`);
}
try {
  await SwaggerParser.validate(structuredClone(document));
} catch (e) {
  die(`the OpenAPI document is not valid OpenAPI 3.0: ${e.message}`);
}

const ajv = new Ajv({ strict: true, allErrors: true });
addFormats(ajv);
const schemas = document.components.schemas;
ajv.addSchema({ $id: 'api', $defs: Object.fromEntries(
  Object.entries(schemas).map(([name, s]) => [name, toJsonSchema(s)])) });
const validatorOf = (name) => ajv.getSchema(`api#/$defs/${name}`);
// Every schema compiles, and every example matches its schema.
for (const [name, schema] of Object.entries(schemas)) {
  const validate = validatorOf(name);
  if (!validate) { fail(`schema ${name} does not compile`); continue; }
  if (schema.example !== undefined && !validate(schema.example))
    fail(`the example of ${name} does not match it: ${errorsText(validate.errors)}`);
}

// Path templates, most literal segments first, so that /a/b wins over /a/{id}.
const templates = Object.keys(document.paths).map((template) => {
  const segments = template.split('/');
  const pattern = new RegExp(`^${segments.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+'
    : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
  return { template, pattern, literal: segments.filter((s) => !s.startsWith('{')).length };
}).sort((a, b) => b.literal - a.literal);
const templateOf = (p) => templates.find((t) => t.pattern.test(p))?.template;

function schemaRefName(schema) {
  return schema && schema.$ref ? schema.$ref.replace('#/components/schemas/', '') : null;
}

// Validates `body` (text) against the schema `schema` (a $ref or inline).
function checkBody(where, schema, body) {
  let value;
  try {
    value = JSON.parse(body);
  } catch (e) {
    fail(`${where}: the body is not JSON (${e.message})`);
    return false;
  }
  const name = schemaRefName(schema);
  const validate = name ? validatorOf(name) : ajv.compile(toJsonSchema(schema));
  if (!validate) {
    fail(`${where}: the document names schema ${name}, which does not exist`);
    return false;
  }
  if (!validate(value)) {
    fail(`${where}: the body does not match ${name || 'its schema'}: ${errorsText(validate.errors)}`);
    return false;
  }
  return true;
}

if (!existsSync(options.records)) die(`no exchanges recorded in ${options.records}: did the integration tests run?`);
const files = readdirSync(options.records).filter((f) => f.endsWith('.jsonl'));
let exchanges = 0;
let bodies = 0;
let requests = 0;
let outside = 0;
const operations = new Set();
const statuses = new Set();
for (const file of files) {
  for (const line of readFileSync(path.join(options.records, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const x = JSON.parse(line);
    exchanges += 1;
    const rawPath = x.path.split('?')[0];
    const media = (x.content_type || '').split(';')[0].trim().toLowerCase();
    const isProblem = media === 'application/problem+json';
    const where = `${x.method} ${rawPath} ${x.status}`;
    const template = templateOf(rawPath);
    const item = template && document.paths[template];
    const method = (x.method === 'HEAD' ? 'get' : x.method.toLowerCase());
    const operation = item && item[method];
    if (!operation) {
      // Outside the document (the web front-end), or a method the path does
      // not have: only problems may be JSON there.
      if (item && x.status !== 405) fail(`${where}: ${x.method} is not an operation of ${template} but the answer is not 405`);
      if (x.body !== null && x.body !== undefined) {
        if (!isProblem) fail(`${where}: JSON (${media}) from a path the document does not describe`);
        else if (checkBody(where, { $ref: '#/components/schemas/Problem' }, x.body)) bodies += 1;
      }
      outside += 1;
      continue;
    }
    const key = `${method.toUpperCase()} ${template}`;
    operations.add(key);
    const response = operation.responses[String(x.status)];
    if (!response) {
      fail(`${where}: status ${x.status} is not listed for ${key} (lists ${Object.keys(operation.responses).join(', ')})`);
      continue;
    }
    statuses.add(`${key} ${x.status}`);
    // A request the server accepted must match the request schema (an
    // operation without one does not read the body: nothing to check).
    if (x.request_body !== null && x.request_body !== undefined && operation.requestBody) {
      const requestMedia = (x.request_content_type || '').split(';')[0].trim().toLowerCase();
      const requestContent = operation.requestBody.content;
      if (!requestContent[requestMedia]) {
        fail(`${where}: the server accepted a ${requestMedia} body, the document gives ${Object.keys(requestContent).join(', ')} for ${key}`);
      } else if (checkBody(`${where} (${key} request)`, requestContent[requestMedia].schema, x.request_body)) {
        requests += 1;
      }
    }
    if (x.body === null || x.body === undefined || x.method === 'HEAD') continue;
    const content = response.content || {};
    if (!content[media]) {
      fail(`${where}: answered ${media}, the document gives ${Object.keys(content).join(', ') || 'no body'} for ${key} ${x.status}`);
      continue;
    }
    if (checkBody(`${where} (${key})`, content[media].schema, x.body)) bodies += 1;
  }
}

const documented = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
const minBodies = Number(options['min-bodies']);
const minOperations = Number(options['min-operations']);
if (bodies < minBodies)
  fail(`only ${bodies} bodies validated, expected at least ${minBodies}: did every integration test run and record?`);
if (operations.size < minOperations)
  fail(`only ${operations.size} operations exercised, expected at least ${minOperations}`);

const distinct = [...new Set(failures)];
for (const f of distinct.slice(0, 60)) console.error(`contract: FAIL ${f}`);
if (distinct.length > 60) console.error(`contract: … and ${distinct.length - 60} more`);
const uncovered = Object.entries(document.paths).flatMap(([t, item]) =>
  Object.keys(item).map((m) => `${m.toUpperCase()} ${t}`)).filter((k) => !operations.has(k));
if (uncovered.length) console.log(`contract: operations no integration test called: ${uncovered.join(', ')}`);
console.log(`contract: ${operations.size} of ${documented} operations covered (${statuses.size} operation statuses), ` +
  `${bodies} bodies validated (and ${requests} accepted requests), ${exchanges} exchanges from ${files.length} test processes ` +
  `(${outside} outside the document), ${distinct.length} failures`);
process.exit(distinct.length ? 1 : 0);
