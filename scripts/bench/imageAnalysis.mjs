// Measurement 13: analyseImage over a 1 GB image of 40 layers, against only reading the same
// GET /images/{name}/get stream and discarding it. The image is made without a registry and
// without a file on disk: its docker-archive tar is generated here as it is sent into
// POST /images/load (layer tars of incompressible bytes, an AES-CTR keystream). The timing runs in
// plain Node (test/bench/imageAnalysis.ts, compiled by run.mjs's `tsc -p test`), where nothing else
// shares the heap it samples. The image is removed afterwards.
import { spawn } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = path.join(repoRoot, 'out', 'test', 'bench', 'imageAnalysis.js');
const PREFIX = 'bench-result ';
const MiB = 1024 * 1024;

export const IMAGE = 'local/ws-bench-big:1';
const LAYERS = 40;
const FILES_PER_LAYER = 5;
const FILE_BYTES = 5 * MiB;
const CHUNK = MiB;
/** Layers 30..39 overwrite data/00/f0 .. data/09/f0; the last layer also removes data/05/f1. */
const OVERWRITES_FROM = 30;
const REMOVED = 'data/05/f1';

// ---- a minimal tar writer (ustar headers, names under 100 bytes) ----

function octal(value, width) {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function tarHeader(name, { size = 0, type = '0', mode = 0o644 } = {}) {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(mode, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(size, 12), 124);
  header.write(octal(Math.floor(Date.parse('2026-12-01T00:00:00Z') / 1000), 12), 136);
  header.write('        ', 148); // the checksum counts its own field as spaces
  header.write(type, 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7), 148);
  header[155] = 0x20;
  return header;
}

const padding = (size) => Buffer.alloc((512 - (size % 512)) % 512);

/** What each layer holds: its directory entries and files (path, bytes), and whiteouts. */
function layerPlan(layer) {
  const own = `data/${String(layer).padStart(2, '0')}`;
  const files = [];
  for (let file = 0; file < FILES_PER_LAYER; file++) files.push(`${own}/f${file}`);
  const dirs = ['data', own];
  const whiteouts = [];
  if (layer >= OVERWRITES_FROM) {
    const target = `data/${String(layer - OVERWRITES_FROM).padStart(2, '0')}`;
    files[0] = `${target}/f0`;
    dirs.push(target);
  }
  if (layer === LAYERS - 1) {
    dirs.push(path.posix.dirname(REMOVED));
    whiteouts.push(`${path.posix.dirname(REMOVED)}/.wh.${path.posix.basename(REMOVED)}`);
  }
  return { dirs: [...new Set(dirs)], files, whiteouts };
}

function layerTarSize(plan) {
  return 512 * (plan.dirs.length + plan.files.length + plan.whiteouts.length) + plan.files.length * FILE_BYTES + 1024;
}

/** A file's bytes: an AES-128-CTR keystream keyed by its layer and path (incompressible, reproducible). */
function* fileContent(layer, file) {
  const key = createHash('sha256').update(`ws-bench-${layer}-${file}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(CHUNK);
  for (let sent = 0; sent < FILE_BYTES; sent += CHUNK) yield cipher.update(zeros.subarray(0, Math.min(CHUNK, FILE_BYTES - sent)));
}

function* layerTar(layer, plan) {
  for (const dir of plan.dirs) yield tarHeader(`${dir}/`, { type: '5', mode: 0o755 });
  for (const file of plan.files) {
    yield tarHeader(file, { size: FILE_BYTES });
    yield* fileContent(layer, file);
    yield padding(FILE_BYTES);
  }
  for (const whiteout of plan.whiteouts) yield tarHeader(whiteout);
  yield Buffer.alloc(1024);
}

/** The whole docker-archive as chunks: layer tars (hashed as they pass), then config and manifest. */
function* imageArchive() {
  const diffIds = [];
  const layerNames = [];
  const history = [];
  for (let layer = 0; layer < LAYERS; layer++) {
    const plan = layerPlan(layer);
    const name = `layer-${String(layer).padStart(2, '0')}/layer.tar`;
    const size = layerTarSize(plan);
    yield tarHeader(name, { size });
    const hash = createHash('sha256');
    let written = 0;
    for (const chunk of layerTar(layer, plan)) {
      hash.update(chunk);
      written += chunk.length;
      yield chunk;
    }
    if (written !== size) throw new Error(`layer ${layer}: wrote ${written} bytes, announced ${size}`);
    yield padding(size);
    diffIds.push(`sha256:${hash.digest('hex')}`);
    layerNames.push(name);
    history.push({ created: '2026-12-01T00:00:00Z', created_by: `bench layer ${layer}: ${plan.files.length} files of ${FILE_BYTES / MiB} MiB${plan.whiteouts.length ? `, removes ${REMOVED}` : ''}`, comment: 'generated by scripts/bench/imageAnalysis.mjs' });
  }
  // dockerd 20.10 unpacks the whole archive before it reads the manifest, so these may come last.
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', created: '2026-12-01T00:00:00Z', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: diffIds }, history }));
  const manifest = Buffer.from(JSON.stringify([{ Config: 'config.json', RepoTags: [IMAGE], Layers: layerNames }]));
  for (const [name, body] of [['config.json', config], ['manifest.json', manifest]]) {
    yield tarHeader(name, { size: body.length });
    yield body;
    yield padding(body.length);
  }
  yield Buffer.alloc(1024);
}

/** dive's waste for this plan: every overwritten f0 twice (10 MiB each) and the removed file once plus its whiteout. */
export function expectedImage() {
  const overwritten = LAYERS - OVERWRITES_FROM;
  return { layers: LAYERS, wastedBytes: overwritten * 2 * FILE_BYTES + FILE_BYTES, inefficientPaths: overwritten + 1, layerBytes: FILES_PER_LAYER * FILE_BYTES };
}

function request(socketPath, method, urlPath, headers = {}) {
  return http.request({ socketPath, method, path: urlPath, headers });
}

async function answer(req) {
  const [response] = await once(req, 'response');
  let body = '';
  for await (const chunk of response) body += chunk;
  return { status: response.statusCode, body };
}

/** Streams the generated archive into POST /images/load; resolves with the bytes sent. */
async function loadImage(socketPath) {
  const req = request(socketPath, 'POST', '/images/load?quiet=1', { 'Content-Type': 'application/x-tar' });
  const answered = answer(req);
  answered.catch(() => {}); // awaited below; an early error must not go unhandled meanwhile
  let sent = 0;
  for (const chunk of imageArchive()) {
    sent += chunk.length;
    if (!req.write(chunk)) await Promise.race([once(req, 'drain'), answered]);
  }
  req.end();
  const { status, body } = await answered;
  if (status !== 200 || /"error"/.test(body)) throw new Error(`POST /images/load answered ${status}: ${body.slice(0, 300)}`);
  return sent;
}

async function removeImage(socketPath) {
  const req = request(socketPath, 'DELETE', `/images/${encodeURIComponent(IMAGE)}?force=1`);
  req.end();
  const { status, body } = await answer(req);
  if (status !== 200 && status !== 404) throw new Error(`DELETE /images/${IMAGE} answered ${status}: ${body.slice(0, 300)}`);
}

function runChild(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk.toString().split('\n').filter((line) => line && !line.startsWith(PREFIX)).map((line) => `[bench] ${line}\n`).join(''));
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? signal, stdout, stderr }));
  });
}

export async function measureImageAnalysis({ socketPath, repetitions = 5 }) {
  if (!existsSync(script)) throw new Error(`${script} is missing: tsc -p test did not compile the bench suite`);
  await removeImage(socketPath);
  const started = performance.now();
  const sent = await loadImage(socketPath);
  const createMs = performance.now() - started;
  const expected = expectedImage();
  try {
    const child = await runChild({ WS_BENCH_ENGINE_SOCKET: socketPath, WS_BENCH_IMAGE: IMAGE, WS_BENCH_IMAGE_EXPECTED: JSON.stringify(expected), WS_BENCH_IMAGE_REPETITIONS: String(repetitions) });
    const results = child.stdout
      .split('\n')
      .filter((line) => line.startsWith(PREFIX))
      .map((line) => JSON.parse(line.slice(PREFIX.length)));
    if (child.code !== 0) throw new Error(`image analysis bench exited with ${child.code}: ${child.stderr.trim().split('\n').slice(-5).join(' ')}`);
    return [
      { id: 'image-create', measure: `(13) make the ${(sent / 1e9).toFixed(2)} GB image: archive generated as it streams into POST /images/load`, unit: 'ms', samples: [createMs], note: `${LAYERS} layers of ${FILES_PER_LAYER} x ${FILE_BYTES / MiB} MiB (AES-CTR bytes); ${sent} bytes sent` },
      ...results,
    ];
  } finally {
    await removeImage(socketPath);
  }
}
