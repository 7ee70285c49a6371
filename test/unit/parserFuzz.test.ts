// Fuzzes every parser of engine, tool and /proc output (issue 5, "Survives faults and hostile
// input"): recorded fixtures cut short or corrupted, random JSON of any shape, hostile strings
// (markup, control and bidi characters, NUL, prototype names, numbers past a double) and oversized
// input. Each call must return a value of its documented type, or throw only the error its caller
// catches, and finish within a bound. Deterministic: a failure names the seed, the parser and the
// case; `FUZZ_SEED=<n>` runs (and so replays) another sequence.
import { AssertionError, strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { performance } from 'perf_hooks';
import { PassThrough } from 'stream';
import type { Layer, LiveStats, Stack } from '../../src/shared/model';
import { isStack } from '../../src/shared/protocol';
import type { WorkloadSummary } from '../../src/providers/provider';
import { parseContainerInspect } from '../../src/providers/docker/contracts';
import { contextDirName, lookUpDockerContext } from '../../src/providers/docker/dockerContext';
import { type EndpointInput, type EndpointResolution, resolveDockerEndpoint } from '../../src/providers/docker/endpoint';
import { parseDockerHost, redactHost } from '../../src/providers/docker/endpointHostUrl';
import { toContainerEvent } from '../../src/providers/docker/eventStream';
import { readImageArchive, type ImageArchiveContents } from '../../src/providers/docker/imageArchive/imageArchive';
import { ImageArchiveError } from '../../src/providers/docker/imageArchive/imageArchiveError';
import { readLayerEntries } from '../../src/providers/docker/imageArchive/layerEntries';
import { parseLibpodContainer, parseLibpodInfo, parsePodInspect, parsePodList } from '../../src/providers/docker/podman/contracts';
import { connectionAddress, fromContainersConf } from '../../src/providers/docker/podman/connections';
import { toPodMembership } from '../../src/providers/docker/podman/pods';
import { forEachJsonLine } from '../../src/providers/docker/jsonLines';
import { buildContainerStack, type ContainerStackInput } from '../../src/providers/docker/stackMapper';
import { toLiveStats as toContainerLiveStats } from '../../src/providers/docker/statsMapper';
import { toWorkloadSummaries } from '../../src/providers/docker/summaryMapper';
import { collectContainerEvidence } from '../../src/providers/host/containerEvidence';
import { collectCpuEvidence } from '../../src/providers/host/cpuEvidence';
import { collectDeviceEvidence } from '../../src/providers/host/deviceEvidence';
import { collectDmiEvidence } from '../../src/providers/host/dmiEvidence';
import type { Clue } from '../../src/providers/host/evidence';
import { collectFirmwareEvidence } from '../../src/providers/host/firmwareEvidence';
import { type HostFacts, readHostFacts } from '../../src/providers/host/hostFacts';
import type { HostSources } from '../../src/providers/host/hostFiles';
import { detectHostPlatform, HostProvider } from '../../src/providers/host/hostProvider';
import { buildHostStack } from '../../src/providers/host/hostStack';
import { hostLiveStats, parseProcStat as parseHostProcStat } from '../../src/providers/host/hostStats';
import { collectKernelEvidence } from '../../src/providers/host/kernelEvidence';
import { parseDomainXml } from '../../src/providers/libvirt/domainXml';
import { fillFromDominfo, mergeListAndStats } from '../../src/providers/libvirt/listing';
import { buildDomainStack } from '../../src/providers/libvirt/stackMapper';
import { toLiveStats as toDomainLiveStats } from '../../src/providers/libvirt/statsMapper';
import { parseDomainRefId, toDomainSummary } from '../../src/providers/libvirt/summaryMapper';
import { splitSections } from '../../src/providers/libvirt/virsh';
import { parseBlockInfoTable, parseDomainStats, parseKeyValueLines, parseUuidNameList, parseVersion } from '../../src/providers/libvirt/virshOutput';
import { readXml, XML_LIMITS, type XmlElement } from '../../src/providers/libvirt/xmlReader';
import { parseQemuArgv } from '../../src/providers/qemu/argv';
import type { QemuCommandLine } from '../../src/providers/qemu/commandLine';
import { withGuestAgent } from '../../src/providers/qemu/guestAgentClient';
import type { Result } from '../../src/providers/qemu/jsonLineSocket';
import { isLibvirtManaged } from '../../src/providers/qemu/libvirtManaged';
import { type QmpFacts, readQmpFacts, toQmpFacts } from '../../src/providers/qemu/monitorFacts';
import { parseOptionList, parseSize } from '../../src/providers/qemu/optionList';
import { parseProcessId, type QemuProcess } from '../../src/providers/qemu/procScan';
import { parseCmdline, parseProcIo, parseProcStat as parseQemuProcStat, parseVmRssBytes } from '../../src/providers/qemu/procStat';
import { toGuestOsInfo, toHostName } from '../../src/providers/qemu/qmpReplies';
import { resolveRelativePaths } from '../../src/providers/qemu/resolvePaths';
import { guestState } from '../../src/providers/qemu/runState';
import { buildQemuStack } from '../../src/providers/qemu/stackMapper';
import { parseBootTime, toQemuSummary } from '../../src/providers/qemu/summary';
import { MAX_VMS, type ParseResult } from '../../src/providers/vmtools/parsedVm';
import { parseHyperVList } from '../../src/providers/vmtools/parsers/hyperv';
import { parseColimaList, parseLimaList } from '../../src/providers/vmtools/parsers/lima';
import { parseMultipassInfo, parseMultipassList } from '../../src/providers/vmtools/parsers/multipass';
import { parseParallelsInfo, parseParallelsList } from '../../src/providers/vmtools/parsers/parallels';
import { parsePodmanMachineList } from '../../src/providers/vmtools/parsers/podmanMachine';
import { parseUtmList } from '../../src/providers/vmtools/parsers/utm';
import { parseVagrantGlobalStatus } from '../../src/providers/vmtools/parsers/vagrant';
import { markRunning, parseVBoxList, parseVBoxShowVmInfo } from '../../src/providers/vmtools/parsers/virtualbox';
import { parseVmrunList, parseVmx } from '../../src/providers/vmtools/parsers/vmware';
import { decodeWslOutput, parseWslList } from '../../src/providers/vmtools/parsers/wsl';
import { buildVmStack } from '../../src/providers/vmtools/vmStack';
import { fixturesDir, readFixture, readJsonFixture } from '../repoPaths';
import { chunked, type CraftedEntry, craftTar, craftZstdFrame, paxRecord, type ZstdBlock } from './tarBytes';

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_129);
const CASES = 200;
/** A hang guard, not a benchmark: real parses take milliseconds, but the machine may be busy. */
const CALL_BOUND_MS = 2_000;

// ---------------------------------------------------------------------------------------------
// Random input

/** mulberry32: small, and the same sequence on every machine. */
class Rng {
  constructor(private state: number) {}

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** One sequence per parser, so a parser added or changed does not reshuffle the others. */
function rngFor(parser: string): Rng {
  let hash = SEED | 0;
  for (const char of parser) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return new Rng(hash >>> 0);
}

/** What no parser expects and every one must survive. */
const HOSTILE = [
  '<img src=x onerror=alert(1)>', '</script>', '\u202e', '\u0000', '\u0001\u001b[31m\u007f', '\r', '\r\n', '\ufeff', '\ud800', '\udfff',
  '\u2028', '%ff', '%E0%A4%A', '&amp;', '&#0;', '&bogus;', ']]>', '<!DOCTYPE x [<!ENTITY a "aa">]>', '"', "'", '\\', '=', ',', ',,', ':',
  '{', '}', '[', ']', '*', '#', '--', '__proto__', 'constructor', 'toString', ' '.repeat(64), '\t\t\t',
];
/** Numbers as text: negative, fractional, not decimal, past a double, not numbers at all. */
const NUMBER_WORDS = ['0', '-1', '1.5', '1e308', '1e400', 'NaN', 'Infinity', '0x1F', '9007199254740993', '18446744073709551615', '9'.repeat(400)];
/** Sizes as tools print them, and sizes none prints (a unit that is a prototype name, a size past a double). */
const SIZE_WORDS = ['2048Mb', '4GiB', '2 GB', '512k', '1 constructor', '3 toString', `${'9'.repeat(400)} MiB`, '-5 KiB', '1.5.5G'];
const WORDS = ['running', 'paused', 'stopped', 'Running', 'x', 'kvm', 'tcg', 'file', 'id', 'name', 'qemu', 'server', 'on', 'off', 'valueOf', 'hasOwnProperty'];
const SEPARATORS = [' ', '  ', '\t', '\n', '\n', '=', ':', ',', '"', "'", '(', ')', '-', '/', '{', '}', '<', '>'];
const EDGE_NUMBERS = [0, -0, 1, -1, 0.5, 7, 2 ** 31, 2 ** 53 + 2, 1e15, 1e21, 1e308, -1e308, 5e-324];
const DICTIONARY = [...HOSTILE, ...NUMBER_WORDS, ...SIZE_WORDS, ...WORDS];

function randomText(rng: Rng, maxParts = 60): string {
  let text = '';
  for (let count = rng.int(maxParts); count > 0; count--) {
    const roll = rng.int(12);
    text += roll < 2 ? rng.pick(HOSTILE) : roll < 4 ? rng.pick(NUMBER_WORDS) : roll < 5 ? rng.pick(SIZE_WORDS) : roll < 8 ? rng.pick(WORDS) : rng.pick(SEPARATORS);
  }
  return text;
}

/** One to four edits of a real sample: cut short, a character changed, hostile text inserted, a run deleted or repeated, a number replaced. */
function mutateText(text: string, rng: Rng): string {
  let out = text;
  for (let steps = 1 + rng.int(4); steps > 0; steps--) {
    const at = rng.int(out.length + 1);
    switch (rng.int(7)) {
      case 0:
        out = out.slice(0, at);
        break;
      case 1:
        out = out.slice(0, at) + String.fromCharCode(rng.chance(0.5) ? rng.int(128) : rng.int(0x10000)) + out.slice(at + 1);
        break;
      case 2:
        out = out.slice(0, at) + rng.pick(HOSTILE) + out.slice(at);
        break;
      case 3:
        out = out.slice(0, at) + out.slice(at + 1 + rng.int(64));
        break;
      case 4: {
        const end = at + rng.int(200);
        out = out.slice(0, end) + out.slice(at, end) + out.slice(end);
        break;
      }
      case 5: {
        const numbers = [...out.matchAll(/\d+/g)];
        const chosen = numbers.length > 0 ? rng.pick(numbers) : undefined;
        if (chosen?.index !== undefined) out = out.slice(0, chosen.index) + rng.pick([...NUMBER_WORDS, ...SIZE_WORDS]) + out.slice(chosen.index + chosen[0].length);
        break;
      }
      default:
        out = out.slice(0, at) + randomText(rng, 10) + out.slice(at);
    }
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Sets a key as JSON.parse does: `__proto__` becomes an own property, not the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any JSON value, objects keyed mostly with `keys` (the fields the parser reads) and some hostile names. */
function randomJson(rng: Rng, keys: readonly string[], depth = 0): Json {
  switch (rng.int(depth >= 4 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(EDGE_NUMBERS);
    case 3:
      return rng.pick([...HOSTILE, ...NUMBER_WORDS, ...SIZE_WORDS]);
    case 4:
      return randomText(rng, 8);
    case 5:
      return rng.pick(WORDS);
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, keys, depth + 1));
    default: {
      const object: Record<string, Json> = {};
      for (let count = rng.int(6); count > 0; count--) {
        setOwn(object, keys.length > 0 && rng.chance(0.8) ? rng.pick(keys) : rng.pick(HOSTILE), randomJson(rng, keys, depth + 1));
      }
      return object;
    }
  }
}

/** A real value with some fields dropped, replaced by values of other shapes, or added. */
function mutateJson(value: unknown, rng: Rng, keys: readonly string[], rate: number, depth = 0): unknown {
  if (rng.chance(rate)) return randomJson(rng, keys, depth);
  // Same type, odd value: what a parser that checks only the type lets through.
  if (typeof value === 'number' && rng.chance(2 * rate)) return rng.pick(EDGE_NUMBERS);
  if (typeof value === 'string' && rng.chance(2 * rate)) return rng.chance(0.5) ? mutateText(value, rng) : rng.pick(DICTIONARY);
  if (Array.isArray(value)) {
    const items = value.filter(() => !rng.chance(rate)).map((item) => mutateJson(item, rng, keys, rate, depth + 1));
    if (rng.chance(rate)) items.push(randomJson(rng, keys, depth + 1));
    return items;
  }
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (!rng.chance(rate)) setOwn(result, key, mutateJson(inner, rng, keys, rate, depth + 1));
  if (rng.chance(rate)) setOwn(result, rng.pick(keys.length > 0 ? keys : HOSTILE), randomJson(rng, keys, depth + 1));
  return result;
}

const keyCache = new WeakMap<object, string[]>();
/** Every key that occurs in a sample, for random objects that look like what the parser reads. */
function keysOf(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const cached = keyCache.get(value);
  if (cached) return cached;
  const keys = new Set<string>();
  const walk = (inner: unknown) => {
    if (Array.isArray(inner)) inner.forEach(walk);
    else if (isObject(inner)) {
      for (const [key, child] of Object.entries(inner)) {
        keys.add(key);
        walk(child);
      }
    }
  };
  walk(value);
  const result = [...keys];
  keyCache.set(value, result);
  return result;
}

/** A value a JSON mapper may receive: a mutated sample, a random value, or a corrupted sample that still parses. */
function jsonCase(samples: readonly unknown[], rng: Rng): unknown {
  const sample = rng.pick(samples);
  const roll = rng.int(10);
  if (roll < 6) return mutateJson(sample, rng, keysOf(sample), rng.pick([0.005, 0.02, 0.08]));
  if (roll < 8) return randomJson(rng, keysOf(sample));
  const text = mutateText(JSON.stringify(sample), rng);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function parsesAsJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Text a tool may print: a sample cut short, corrupted, restructured (JSON and JSON lines), or random. */
function textCase(samples: readonly string[], rng: Rng): string {
  const sample = rng.pick(samples);
  switch (rng.int(8)) {
    case 0:
      return sample.slice(0, rng.int(sample.length + 1));
    case 1:
      return randomText(rng);
    case 2:
    case 3: {
      const rate = rng.pick([0.01, 0.05, 0.2]);
      const whole = parsesAsJson(sample);
      if (whole.ok) return JSON.stringify(mutateJson(whole.value, rng, keysOf(whole.value), rate));
      return sample
        .split('\n')
        .map((line) => {
          const parsed = parsesAsJson(line);
          return parsed.ok ? JSON.stringify(mutateJson(parsed.value, rng, keysOf(parsed.value), rate)) : line;
        })
        .join('\n');
    }
    default:
      return mutateText(sample, rng);
  }
}

/**
 * Sizes from 1 KiB to 1 MiB, four times larger each step. A synchronous blow-up cannot be timed
 * out from inside the process; growing the input makes a quadratic or cubic parse fail the bound
 * at a small step (seconds) instead of hanging at the largest (hours).
 */
const LADDER = [1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20];
/** A long whitespace run between two words: the classic trap for backtracking regexes. */
const whitespaceRun = (size: number) => `a${' '.repeat(size)}b\n`;
const PAST_EVERY_CAP = 'y'.repeat(5 * 1024 * 1024);

/**
 * Large text from a real sample: whitespace runs and every space widened (both up the ladder),
 * 100k lines, a 1 MB value, and 5 MB (past every cap).
 */
function oversizedTexts(sample: string): string[] {
  const lines = sample.split('\n').filter((line) => line.trim() !== '');
  return [
    ...LADDER.map(whitespaceRun),
    ...LADDER.map((size) => sample.replace(/ /g, ' '.repeat(size >> 8)).slice(0, 2_000_000)),
    Array.from({ length: 100_000 }, (_, index) => (lines[index % lines.length] ?? 'x').slice(0, 38)).join('\n'),
    `${sample}${'x'.repeat(1 << 20)} ${sample}`,
    PAST_EVERY_CAP,
  ];
}

/** Every string in a value replaced: a 1 MB field wherever the engine puts text. */
function everyString(value: unknown, replacement: string): unknown {
  if (typeof value === 'string') return replacement;
  if (Array.isArray(value)) return value.map((item) => everyString(item, replacement));
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) setOwn(result, key, everyString(inner, replacement));
  return result;
}

function deeplyNested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { Id: value, State: value };
  return value;
}

// ---------------------------------------------------------------------------------------------
// Running and checking

/** A short rendering that keeps what JSON would hide: functions, NaN, Infinity. */
function show(value: unknown): string {
  const visible = (_key: string, inner: unknown) =>
    typeof inner === 'function' ? `[function ${inner.name}]` : typeof inner === 'number' && !Number.isFinite(inner) ? String(inner) : inner;
  try {
    return (JSON.stringify(value, visible) ?? String(value)).slice(0, 300);
  } catch {
    return String(value);
  }
}

/** Times one parse: a throw fails with what replays it, and so does a slow call. */
function timed<R>(label: string, parse: () => R): R {
  const started = performance.now();
  let output: R;
  try {
    output = parse();
  } catch (error) {
    assert.fail(`${label}: threw ${error instanceof Error ? error.stack : String(error)}`);
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed < CALL_BOUND_MS, `${label}: took ${Math.round(elapsed)} ms (bound ${CALL_BOUND_MS} ms)`);
  return output;
}

/** Checks a parse's output (untimed); a failure says what replays it. */
function labelled(label: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof AssertionError) throw new AssertionError({ message: `${label}: ${error.message}`, actual: error.actual, expected: error.expected, operator: error.operator });
    throw error;
  }
}

/**
 * `parse` runs the parser (or a few on the same input) and is timed; `check` asserts the documented
 * type. `corpus` holds inputs that once broke the parser (found by review, not yet by chance): they
 * run first, every time.
 */
function fuzz<T, R>(parser: string, generate: (rng: Rng) => T, parse: (input: T) => R, check: (output: R, input: T) => void, cases = CASES, corpus: readonly T[] = []): void {
  corpus.forEach((input, index) => {
    const label = `${parser}, corpus input ${index}`;
    const output = timed(label, () => parse(input));
    labelled(label, () => check(output, input));
  });
  const rng = rngFor(parser);
  for (let index = 0; index < cases; index++) {
    const label = `${parser}, case ${index} (FUZZ_SEED=${SEED})`;
    const input = generate(rng);
    const output = timed(label, () => parse(input));
    labelled(label, () => check(output, input));
  }
}

function fuzzOversized<T, R>(parser: string, inputs: readonly T[], parse: (input: T) => R, check: (output: R, input: T) => void): void {
  inputs.forEach((input, index) => {
    const label = `${parser}, oversized input ${index}`;
    const output = timed(label, () => parse(input));
    labelled(label, () => check(output, input));
  });
}

const WORKLOAD_STATES = new Set(['running', 'paused', 'exited', 'created', 'restarting', 'dead', 'removing', 'unknown']);

function isCount(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

/** Data the webview can take: no NaN or Infinity (JSON turns them into null), no functions or prototype objects. */
function assertPlainData(value: unknown, at: string): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${at} is ${value}`);
  else if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') assert.fail(`${at} is ${show(value)}`);
  else if (Array.isArray(value)) value.forEach((item, index) => assertPlainData(item, `${at}[${index}]`));
  else if (value !== null && typeof value === 'object') {
    assert.ok([Object.prototype, null].includes(Object.getPrototypeOf(value)), `${at} is not a plain object`);
    for (const [key, inner] of Object.entries(value)) assertPlainData(inner, `${at}.${key}`);
  }
}

function assertStack(stack: Stack): void {
  assert.ok(isStack(stack), `not a Stack: ${show(stack)}`);
  assertPlainData(stack, 'stack');
}

function assertLiveStats(stats: LiveStats): void {
  assert.equal(typeof stats.readAt, 'string');
  for (const key of ['cpuPercent', 'memoryBytes', 'memoryLimitBytes', 'pids', 'netRxBytes', 'netTxBytes', 'blockReadBytes', 'blockWriteBytes'] as const) {
    assert.ok(stats[key] === null || Number.isFinite(stats[key]), `${key} is ${stats[key]}`);
  }
}

function assertSummary(summary: WorkloadSummary): void {
  assert.ok(typeof summary.name === 'string' && typeof summary.ref.id === 'string' && summary.ref.id !== '', `identity of ${show(summary)}`);
  assert.ok(WORKLOAD_STATES.has(summary.state), `state ${show(summary.state)}`);
  assert.ok(typeof summary.status === 'string' && typeof summary.image === 'string', `words of ${show(summary)}`);
  assert.ok(Number.isFinite(summary.created), `created ${summary.created}`);
  for (const port of summary.ports) {
    assert.ok(Number.isFinite(port.privatePort) && (port.publicPort === undefined || Number.isFinite(port.publicPort)), `port ${show(port)}`);
    assert.ok(typeof port.protocol === 'string' && isOptionalString(port.hostIp), `port ${show(port)}`);
  }
  assert.ok(Object.values(summary.labels ?? {}).every((label) => typeof label === 'string'), 'labels');
  assert.ok(isCount(summary.resources?.vcpus) && isCount(summary.resources?.memoryBytes), `resources ${show(summary.resources)}`);
  assertPlainData(summary, 'summary');
}

const fixtureTexts = (dir: string, pattern: RegExp): string[] =>
  fs
    .readdirSync(path.join(fixturesDir, dir))
    .filter((file) => pattern.test(file))
    .sort()
    .map((file) => readFixture(`${dir}/${file}`));

// ---------------------------------------------------------------------------------------------
// Docker engine JSON

describe('parser fuzz: Docker engine JSON', () => {
  const engines = ['engine-20.10', 'engine-27-cgroupv2'];
  const json = (dir: string, pattern: RegExp) => fixtureTexts(`docker/${dir}`, pattern).map((text) => JSON.parse(text) as unknown);
  const fromEngines = (pattern: RegExp) => engines.flatMap((engine) => json(engine, pattern));
  const lists = fromEngines(/^containers-list/);
  const parts = {
    container: fromEngines(/^inspect-/),
    info: [...fromEngines(/^info/), ...json('docker-desktop', /^info/), ...json('wsl2', /^info/)],
    version: [...fromEngines(/^version/), ...json('docker-desktop', /^version/)],
    image: fromEngines(/^image-/),
    history: fromEngines(/^history-/),
    top: fromEngines(/^top-/),
  };
  const stats = fromEngines(/^stats-/);
  const readAt = '2026-11-29T06:31:00.000Z';
  const many = <T>(count: number, make: (index: number) => T) => Array.from({ length: count }, (_, index) => make(index));

  it('toWorkloadSummaries: an array of summaries, whatever the list', () => {
    const parse = (raw: unknown) => toWorkloadSummaries(raw, 'docker');
    const check = (summaries: WorkloadSummary[]) => summaries.forEach(assertSummary);
    fuzz('toWorkloadSummaries', (rng) => jsonCase(lists, rng), parse, check);
    const sample = (lists[0] as Record<string, unknown>[])[0];
    fuzzOversized('toWorkloadSummaries', [
      many(100_000, (index) => ({ ...sample, Id: `c${index}` })),
      [{ ...sample, Labels: { big: 'x'.repeat(1 << 20) }, Names: [`/${' '.repeat(1 << 20)}x`] }],
      // `docker run -p 1-65535:1-65535` on an engine with IPv6 lists 131070 ports for one container.
      [{ ...sample, Ports: many(65_535, (index) => ['0.0.0.0', '::'].map((IP) => ({ IP, PrivatePort: index + 1, PublicPort: index + 1, Type: 'tcp' }))).flat() }],
      // Up to 256 KiB: every string of every answer is replaced, which adds up.
      ...LADDER.slice(0, -1).map((size) => lists.map((list) => everyString(list, whitespaceRun(size)))),
      [deeplyNested(10_000)],
    ], parse, check);
  });

  it('buildContainerStack: a Stack, or only its own Error when the inspect is unusable', () => {
    const pickPart = (rng: Rng, samples: readonly unknown[]): unknown => {
      const roll = rng.int(10);
      return roll < 4 ? rng.pick(samples) : roll < 9 ? jsonCase(samples, rng) : new Error('the call failed');
    };
    const parse = (input: ContainerStackInput): { stack: Stack } | { error: unknown } => {
      try {
        return { stack: buildContainerStack(input) };
      } catch (error) {
        return { error };
      }
    };
    const check = (outcome: { stack: Stack } | { error: unknown }, input: ContainerStackInput) => {
      const usable = parseContainerInspect(input.container).ok;
      if ('stack' in outcome) {
        assert.ok(usable, 'drew a stack from an unusable inspect');
        return assertStack(outcome.stack);
      }
      // The documented throw: DockerProvider.inspectStack passes it on, and StackPanel.reinspect
      // (src/panel/stackPanel.ts) and ComparePanel catch it and show its message.
      const { error } = outcome;
      assert.ok(!usable && error instanceof Error && error.message.startsWith("Cannot draw the container's stack: "), `unexpected throw: ${String(error)}`);
    };
    fuzz(
      'buildContainerStack',
      (rng): ContainerStackInput => ({
        providerId: 'docker',
        // Mostly lightly mutated: a usable inspect reaches every band.
        container: rng.chance(0.7) ? mutateJson(rng.pick(parts.container), rng, keysOf(parts.container[0]), rng.pick([0.002, 0.01, 0.04])) : pickPart(rng, parts.container),
        info: pickPart(rng, parts.info),
        version: pickPart(rng, parts.version),
        image: pickPart(rng, parts.image),
        history: pickPart(rng, parts.history),
        top: pickPart(rng, parts.top),
        readAt,
      }),
      parse,
      check,
    );
    const recorded = { providerId: 'docker', readAt, container: parts.container[0], info: parts.info[0], version: parts.version[0], image: parts.image[0], history: parts.history[0], top: parts.top[0] };
    const inspect = recorded.container as Record<string, Record<string, unknown>>;
    const answers = { container: inspect, info: recorded.info, version: recorded.version, image: recorded.image, history: recorded.history, top: recorded.top };
    fuzzOversized('buildContainerStack', [
      ...LADDER.slice(0, -1).map((size) => ({ ...recorded, ...(everyString(answers, whitespaceRun(size)) as object) })),
      { ...recorded, container: { ...inspect, Mounts: many(100_000, (index) => ({ Type: 'bind', Source: `/s/${index}`, Destination: `/d/${index}`, RW: true })) } },
      { ...recorded, container: { ...inspect, Config: { ...inspect.Config, Env: many(100_000, (index) => `V${index}=${index}`), Labels: { big: 'x'.repeat(1 << 20) } } } },
      { ...recorded, container: { ...inspect, NetworkSettings: { ...inspect.NetworkSettings, Ports: Object.fromEntries(many(65_535, (index) => [`${index + 1}/tcp`, [{ HostIp: '0.0.0.0', HostPort: `${index + 1}` }]])) } } },
      { ...recorded, image: { ...(recorded.image as object), RootFS: { Layers: many(100_000, (index) => `sha256:${index}`) } } },
      { ...recorded, history: many(100_000, (index) => ({ Id: `l${index}`, Created: index, CreatedBy: `/bin/sh -c #(nop) ENV A=${index}`, Size: index, Tags: null })) },
      { ...recorded, top: { Titles: ['PID', 'CMD'], Processes: many(100_000, (index) => [`${index}`, 'sh']) } },
    ], parse, check);
  });

  it('toLiveStats: numbers or null, whatever the frame', () => {
    const parse = (raw: unknown) => toContainerLiveStats(raw, readAt);
    fuzz('toLiveStats (docker)', (rng) => jsonCase(stats, rng), parse, assertLiveStats);
    const frame = stats[0] as Record<string, Record<string, unknown>>;
    fuzzOversized('toLiveStats (docker)', [
      { ...frame, memory_stats: { ...frame.memory_stats, stats: Object.fromEntries(many(100_000, (index) => [`k${index}`, index])) } },
      { ...frame, cpu_stats: { ...frame.cpu_stats, cpu_usage: { total_usage: 5, percpu_usage: many(100_000, () => 1) } } },
      deeplyNested(10_000),
    ], parse, assertLiveStats);
  });

  it("Podman's libpod answers: parsed values or a failure, and the pod groups and band facts from any mix", () => {
    const podman = (name: string) => JSON.parse(readFixture(`docker/podman-4.3/${name}`)) as unknown;
    const samples = [podman('libpod-pods.json'), podman('libpod-pod-web.json'), podman('libpod-container-web-app.json'), podman('libpod-info.json'), podman('rootless-libpod-info.json')];
    const container = podman('container-web-app.json');
    fuzz('Podman libpod parsers', (rng) => jsonCase(samples, rng), (raw) => {
      for (const parse of [parsePodList, parsePodInspect, parseLibpodContainer, parseLibpodInfo] as Array<(value: unknown) => { ok: boolean }>) assert.equal(typeof parse(raw).ok, 'boolean');
      const membership = toPodMembership(raw);
      for (const [id, pod] of membership) assert.ok(typeof id === 'string' && typeof pod.pod === 'string' && typeof pod.infra === 'boolean');
      return buildContainerStack({ providerId: 'podman', info: {}, version: {}, container, image: {}, history: [], podman: { host: raw, container: raw, pod: raw, infra: raw }, readAt });
    }, (stack) => assert.ok(isStack(stack)));
  });

  it("Podman's connection files: connections or nothing, whatever the text", () => {
    const samples = [readFixture('docker/podman-connections/containers-4.3.conf')];
    fuzz('fromContainersConf', (rng) => textCase(samples, rng), (text) => fromContainersConf(text, 'f'), (connections) => {
      for (const connection of connections) {
        assert.ok(typeof connection.name === 'string' && typeof connection.uri === 'string');
        const address = connectionAddress(connection);
        if (address.ok && address.address.kind === 'ssh') for (const word of address.address.remoteCommand ?? []) assert.match(word, /^[A-Za-z0-9:._/-]+$/, 'only plain words reach the remote shell');
      }
    });
  });

  it('toContainerEvent: a container event or undefined', () => {
    const samples = [
      { Type: 'container', Action: 'die', Actor: { ID: 'c0ffee', Attributes: { exitCode: '137', name: 'web' } }, scope: 'local', time: 1_700_000_000 },
      { status: 'start', id: 'c0ffee', from: 'busybox', Type: 'container', Action: 'start', Actor: { ID: 'c0ffee', Attributes: {} } },
      { Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'c0ffee', Attributes: { name: 'web' } } },
      { Type: 'network', Action: 'connect', Actor: { ID: 'n1', Attributes: { container: 'c0ffee' } } },
    ];
    fuzz('toContainerEvent', (rng) => jsonCase(samples, rng), toContainerEvent, (event) => {
      if (event === undefined) return;
      assert.ok(typeof event.id === 'string' && event.id !== '' && typeof event.action === 'string', show(event));
      assert.ok(event.exitCode === undefined || Number.isFinite(event.exitCode), `exitCode ${event.exitCode}`);
    });
  });

  it('forEachJsonLine: each complete line is a value or garbage, however the bytes are chunked', async () => {
    const feed = (bytes: Buffer, rng: Rng, maxChunk: number) =>
      new Promise<{ values: number; garbage: number }>((resolve, reject) => {
        const stream = new PassThrough();
        const counts = { values: 0, garbage: 0 };
        forEachJsonLine(stream, () => counts.values++, { onGarbage: () => counts.garbage++ });
        stream.on('end', () => resolve(counts));
        stream.on('error', reject);
        // Chunks split lines and multi-byte characters anywhere, as sockets do.
        for (let at = 0; at < bytes.length; ) {
          const size = 1 + rng.int(maxChunk);
          stream.write(bytes.subarray(at, at + size));
          at += size;
        }
        stream.end();
      });
    const rng = rngFor('forEachJsonLine');
    for (let index = 0; index < 60; index++) {
      const label = `forEachJsonLine, case ${index} (FUZZ_SEED=${SEED})`;
      const lines = many(1 + rng.int(40), () => (rng.chance(0.5) ? JSON.stringify(randomJson(rng, ['Type', 'Action', 'Actor', 'ID'])) : randomText(rng, 20).replace(/\n/g, ' ')));
      const counts = await feed(Buffer.from(`${lines.join(rng.chance(0.5) ? '\n' : '\r\n')}\n`), rng, 64);
      assert.equal(counts.values + counts.garbage, lines.filter((line) => line.trim() !== '').length, label);
    }
    for (const [bytes, expected] of [
      [Buffer.from(`${'z'.repeat(8 << 20)}\n{"a":1}\n`), { values: 1, garbage: 1 }],
      [Buffer.from('{"Action":"start"}\n'.repeat(100_000)), { values: 100_000, garbage: 0 }],
    ] as const) {
      const started = performance.now();
      assert.deepEqual(await feed(bytes, rng, 4096), expected);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < CALL_BOUND_MS, `forEachJsonLine: ${bytes.length} bytes took ${Math.round(elapsed)} ms`);
    }
  });

  it('forEachJsonLine with a cap: lines before the long one are read, then reading stops once, however it is chunked', async () => {
    const rng = rngFor('forEachJsonLine cap');
    for (let index = 0; index < 40; index++) {
      const label = `forEachJsonLine cap, case ${index} (FUZZ_SEED=${SEED})`;
      const before = 1 + rng.int(10);
      const bytes = Buffer.from(`${'{"a":1}\n'.repeat(before)}${'z'.repeat(5000 + rng.int(5000))}${rng.chance(0.5) ? '\n{"b":2}\n' : ''}`);
      const stream = new PassThrough();
      const seen = { values: 0, overflows: 0 };
      forEachJsonLine(stream, () => seen.values++, { maxLineLength: 4096, onOverflow: () => seen.overflows++ });
      const ended = new Promise((resolve) => stream.on('end', resolve));
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + rng.int(3000);
        stream.write(bytes.subarray(at, at + size));
        at += size;
      }
      stream.end();
      await ended;
      assert.deepEqual(seen, { values: before, overflows: 1 }, label);
    }
  });

  it('parseDockerHost and resolveDockerEndpoint: a result or a diagnosis, whatever the host, context or files', () => {
    const names = ['tls-remote', 'ssh-remote', 'skip-verify', 'local-socket', 'ftp-host', 'broken-meta', 'no-endpoint'];
    const store = path.join(fixturesDir, 'docker-contexts', 'store', 'contexts');
    const metas = names.map((name) => fs.readFileSync(path.join(store, 'meta', contextDirName(name), 'meta.json'), 'utf8'));
    const configs = ['store', 'missing-context', 'malformed-config', 'default-context'].map((dir) => readFixture(`docker-contexts/${dir}/config.json`));
    const hosts = ['unix:///var/run/docker.sock', '/var/run/docker.sock', 'tcp://10.0.0.5:2376', 'https://[::1]:2376', 'http://localhost', 'ssh://deploy@build.example.test:2222', 'npipe:////./pipe/docker_engine', 'build.example.test:2375'];
    const hostCase = (rng: Rng) => (rng.chance(0.8) ? mutateText(rng.pick(hosts), rng) : randomText(rng, 10));

    const parseHost = (raw: string) => ({ parsed: parseDockerHost(raw), redacted: redactHost(raw) });
    const checkHost = ({ parsed, redacted }: ReturnType<typeof parseHost>) => {
      assert.equal(typeof redacted, 'string');
      if (!parsed.ok) return assert.equal(typeof parsed.problem, 'string');
      const host = parsed.host;
      assert.ok(['unix', 'npipe', 'tcp', 'http', 'https', 'ssh'].includes(host.scheme), show(host));
      if ('port' in host && host.port !== undefined) assert.ok(Number.isInteger(host.port) && host.port >= 0 && host.port <= 65_535, show(host));
    };
    fuzz('parseDockerHost', hostCase, parseHost, checkHost);
    fuzzOversized('parseDockerHost', [...oversizedTexts(hosts[5]), `ssh://${'%'.repeat(1 << 20)}@h`], parseHost, checkHost);

    const checkResolution = (resolution: EndpointResolution) => {
      if (!resolution.ok) {
        const { diagnosis, display } = resolution;
        return assert.ok([diagnosis.kind, diagnosis.message, diagnosis.hint, display].every((text) => typeof text === 'string'), show(resolution));
      }
      const endpoint = resolution.endpoint;
      assert.ok(['socket', 'npipe', 'tcp', 'ssh'].includes(endpoint.kind) && typeof endpoint.display === 'string', show(endpoint));
      assert.ok(['setting', 'env', 'context', 'default'].includes(endpoint.source.from), show(endpoint.source));
    };
    fuzz('resolveDockerEndpoint', (rng): EndpointInput => {
      const configDir = '/home/ada/.docker';
      const name = rng.chance(0.8) ? rng.pick(names) : randomText(rng, 4);
      const dir = contextDirName(name);
      const files = new Map<string, Buffer | Error>();
      files.set(`${configDir}/config.json`, Buffer.from(rng.chance(0.5) ? JSON.stringify({ currentContext: name }) : textCase(configs, rng)));
      if (rng.chance(0.9)) files.set(`${configDir}/contexts/meta/${dir}/meta.json`, Buffer.from(textCase(metas, rng)));
      for (const pem of ['ca', 'cert', 'key']) {
        const roll = rng.int(4);
        if (roll === 0) files.set(`${configDir}/contexts/tls/${dir}/docker/${pem}.pem`, Buffer.from(randomText(rng, 10)));
        if (roll === 1) files.set(`${configDir}/contexts/tls/${dir}/docker/${pem}.pem`, Object.assign(new Error('EACCES: denied'), { code: 'EACCES' }));
      }
      const env: Record<string, string> = {};
      if (rng.chance(0.3)) env.DOCKER_HOST = hostCase(rng);
      if (rng.chance(0.2)) env.DOCKER_CONTEXT = name;
      if (rng.chance(0.2)) env.DOCKER_TLS_VERIFY = rng.pick(['1', '0', '']);
      if (rng.chance(0.1)) env.DOCKER_CERT_PATH = `${configDir}/contexts/tls/${dir}/docker`;
      return {
        env,
        settingHost: rng.chance(0.2) ? hostCase(rng) : undefined,
        platform: rng.chance(0.9) ? 'linux' : 'win32',
        homeDir: '/home/ada',
        userName: 'ada',
        fs: {
          readFile: (file) => {
            const entry = files.get(file);
            if (entry instanceof Error) throw entry;
            return entry;
          },
          exists: (file) => files.has(file),
        },
      };
    }, (input) => ({ resolution: resolveDockerEndpoint(input), lookup: lookUpDockerContext(input) }), ({ resolution, lookup }) => {
      checkResolution(resolution);
      assert.ok(['none', 'context', 'broken'].includes(lookup.kind), show(lookup));
    });
  });
});

// ---------------------------------------------------------------------------------------------
// libvirt: virsh XML and text

describe('parser fuzz: libvirt (virsh XML and text)', () => {
  const libvirtTexts = (pattern: RegExp) => ['system', 'test-driver', 'bad'].flatMap((dir) => fixtureTexts(`libvirt/${dir}`, pattern));
  const xmlSamples = libvirtTexts(/\.xml$/);
  const lists = libvirtTexts(/^list-uuid-name/);
  const domstats = libvirtTexts(/^domstats/);
  const keyValues = libvirtTexts(/^(dominfo|nodeinfo|version|batch-dominfo)/);
  const blocks = libvirtTexts(/^domblkinfo/);
  const batches = libvirtTexts(/^batch-/);
  const garbage = libvirtTexts(/^garbage|^empty/);

  const XML_NAMES = ['domain', 'name', 'uuid', 'memory', 'currentMemory', 'vcpu', 'os', 'type', 'loader', 'nvram', 'kernel', 'cpu', 'model', 'devices', 'emulator', 'disk', 'source', 'target', 'driver', 'readonly', 'interface', 'mac', 'channel', 'graphics', 'metadata', 'libosinfo:libosinfo', 'libosinfo:os'];
  const XML_ATTRIBUTES = ['type', 'unit', 'arch', 'machine', 'firmware', 'file', 'dev', 'bus', 'name', 'state', 'current', 'mode', 'address', 'network', 'pool', 'volume', 'protocol', 'id', '__proto__'];
  const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  /** Well-formed XML of libvirt's element and attribute names, with hostile text and values. */
  const randomXml = (rng: Rng, depth = 0): string => {
    const name = rng.pick(XML_NAMES);
    const attributes = Array.from({ length: rng.int(3) }, () => ` ${rng.pick(XML_ATTRIBUTES)}="${escapeXml(randomText(rng, 4))}"`).join('');
    if (depth > 6 || rng.chance(0.3)) return `<${name}${attributes}/>`;
    const content = Array.from({ length: rng.int(5) }, () => (rng.chance(0.6) ? randomXml(rng, depth + 1) : escapeXml(randomText(rng, 6)))).join('');
    return `<${name}${attributes}>${content}</${name}>`;
  };

  it('readXml and parseDomainXml: a bounded tree or an error, never a throw', () => {
    const parse = (text: string) => ({ tree: readXml(text), parsed: parseDomainXml(text) });
    const check = ({ tree, parsed }: ReturnType<typeof parse>) => {
      if (tree.ok) {
        let elements = 0;
        const walk = (element: XmlElement, depth: number) => {
          elements++;
          assert.ok(depth <= XML_LIMITS.maxDepth && elements <= XML_LIMITS.maxElements, 'past the limits');
          assert.ok(typeof element.name === 'string' && typeof element.text === 'string' && element.attributes instanceof Map, show(element.name));
          element.children.forEach((child) => walk(child, depth + 1));
        };
        walk(tree.root, 1);
      } else {
        assert.equal(typeof tree.error, 'string');
      }
      if (!parsed.ok) return assert.equal(typeof parsed.error, 'string');
      const domain = parsed.domain;
      for (const count of [domain.vcpus, domain.vcpusCurrent, domain.maxMemoryBytes, domain.currentMemoryBytes]) assert.ok(isCount(count), `count ${count}`);
      assert.ok([domain.name, domain.uuid, domain.arch, domain.machine, domain.emulator, domain.libosinfoId].every(isOptionalString), show(domain));
      assert.ok(domain.disks.every((disk) => typeof disk.readonly === 'boolean' && isOptionalString(disk.source)) && domain.graphics.every((kind) => typeof kind === 'string'), show(domain));
      assertPlainData(domain, 'domain');
    };
    fuzz('parseDomainXml', (rng) => (rng.chance(0.7) ? textCase(xmlSamples, rng) : rng.chance(0.5) ? `<domain type="kvm">${randomXml(rng)}</domain>` : mutateText(randomXml(rng), rng)), parse, check);
    fuzzOversized('parseDomainXml', [
      ...oversizedTexts(xmlSamples[0]),
      '<a>'.repeat(10_000) + '</a>'.repeat(10_000),
      `<domain>${'<disk/>'.repeat(60_000)}</domain>`,
      `<domain><name>${'x'.repeat(3 << 20)}</name></domain>`,
      `<domain><name a="${'v'.repeat(1 << 20)}">${'&amp;'.repeat(500_000)}</name></domain>`,
      `<domain${' '.repeat(1 << 20)}>`,
      `<domain><!--${'-'.repeat(3 << 20)}`,
    ], parse, check);
  });

  it('virsh text parsers: plain values from any text', () => {
    const strings = (values: Iterable<[string, string]>) => [...values].every(([key, value]) => typeof key === 'string' && typeof value === 'string');
    const run = <R>(name: string, samples: string[], parse: (text: string) => R, check: (output: R) => void) => {
      fuzz(name, (rng) => textCase([...samples, ...garbage], rng), parse, check);
      fuzzOversized(name, oversizedTexts(samples[0]), parse, check);
    };
    run('parseUuidNameList', lists, parseUuidNameList, (domains) => domains.forEach((domain) => assert.ok(/^[0-9a-f-]{36}$/.test(domain.uuid) && typeof domain.name === 'string', show(domain))));
    run('parseDomainStats', domstats, parseDomainStats, (records) => records.forEach((record) => assert.ok(typeof record.name === 'string' && strings(record.fields), record.name)));
    run('parseKeyValueLines', keyValues, parseKeyValueLines, (values) => assert.ok(strings(values)));
    run('parseVersion', keyValues, parseVersion, (version) => assert.ok(Object.values(version).every((value) => typeof value === 'string'), show(version)));
    run('parseBlockInfoTable', blocks, parseBlockInfoTable, (rows) => rows.forEach((row) => assert.ok(typeof row.target === 'string' && [row.capacityBytes, row.allocationBytes, row.physicalBytes].every(isCount), show(row))));
    run('splitSections', batches, (text) => splitSections(text, 'WS-0123456789abcdef:'), (sections) => assert.ok(strings(sections) && !sections.has('end')));
  });

  it('listing, summaries and live stats: counts and states of the documented kinds', () => {
    const uris = ['qemu:///system', 'qemu+ssh://root@host/system', 'test:///default', 'xen:///', 'lxc:///'];
    fuzz('mergeListAndStats', (rng) => ({
      list: textCase(lists, rng),
      stats: textCase(domstats, rng),
      dominfo: textCase(keyValues, rng),
      uri: rng.chance(0.8) ? rng.pick(uris) : randomText(rng, 6),
      previous: rng.chance(0.5) ? { cpuTimeNs: rng.pick(EDGE_NUMBERS), atMs: rng.pick(EDGE_NUMBERS) } : undefined,
    }), ({ list, stats, dominfo, uri, previous }) => {
      const listings = mergeListAndStats(list, stats);
      listings.forEach((listing) => fillFromDominfo(listing, dominfo));
      const summaries = listings.map((listing) => toDomainSummary(listing, uri, 'libvirt'));
      return { listings, summaries, ids: summaries.map((summary) => parseDomainRefId(summary.ref.id)), reading: toDomainLiveStats(stats, 1_800_000_000_000, previous) };
    }, ({ listings, summaries, ids, reading }) => {
      for (const listing of listings) assert.ok([listing.stateCode, listing.vcpus, listing.memoryBytes].every(isCount) && isOptionalString(listing.stateWords), show(listing));
      summaries.forEach(assertSummary);
      ids.forEach((id, index) => assert.ok(id === undefined || (typeof id.uri === 'string' && id.uuid === listings[index].uuid), show(id)));
      assertLiveStats(reading.stats);
      assert.ok(reading.sample === undefined || Number.isFinite(reading.sample.cpuTimeNs), show(reading.sample));
    });
  });

  it('buildDomainStack: a Stack from any mix of virsh outputs', () => {
    const guestinfo = libvirtTexts(/^guestinfo/);
    fuzz('buildDomainStack', (rng) => ({
      providerId: 'libvirt',
      uri: rng.chance(0.8) ? rng.pick(['qemu:///system', 'qemu+ssh://root@host/system', 'test:///default']) : randomText(rng, 6),
      uuid: rng.chance(0.8) ? 'cf754a0e-df59-4c6b-af73-2c3b39c5d710' : randomText(rng, 4),
      dominfo: textCase(keyValues, rng),
      dumpxml: textCase(xmlSamples, rng),
      domstats: textCase(domstats, rng),
      version: textCase(keyValues, rng),
      nodeinfo: textCase(keyValues, rng),
      hostname: randomText(rng, 4),
      blockInfo: textCase(blocks, rng),
      guestAgent: rng.chance(0.5) ? { ok: true as const, values: parseKeyValueLines(textCase([...keyValues, ...guestinfo], rng)) } : { ok: false as const, reason: randomText(rng, 6) },
      localHost: rng.chance(0.5) ? { cpuModel: { value: randomText(rng, 3), source: '/proc/cpuinfo' }, memoryBytes: { value: 1 << 30, source: '/proc/meminfo' } } : undefined,
      readAt: '2026-11-29T06:31:00.000Z',
    }), buildDomainStack, assertStack);
  });
});

// ---------------------------------------------------------------------------------------------
// VM tools: VBoxManage, vagrant, WSL (UTF-16), limactl, colima, prlctl, multipass, Hyper-V, vmrun, utmctl, podman machine

describe('parser fuzz: VM tool output', () => {
  const BANDS = new Set(['hypervisor', 'virtual-hardware', 'guest-os']);
  const layer = (kind: Layer['kind']): Layer => ({ kind, title: kind, facts: [] });
  const checkParseResult = (result: ParseResult) => {
    if (!result.ok) return assert.equal(typeof result.error, 'string');
    assert.ok(result.vms.length <= MAX_VMS, `${result.vms.length} VMs`);
    result.vms.forEach((vm, index) => {
      assert.ok([vm.id, vm.name, vm.stateText].every((text) => typeof text === 'string'), `identity of ${show(vm)}`);
      assert.ok(WORKLOAD_STATES.has(vm.state), `state ${show(vm.state)}`);
      assert.ok(isCount(vm.vcpus) && isCount(vm.memoryBytes), `sizes ${show([vm.vcpus, vm.memoryBytes])}`);
      assert.ok(isOptionalString(vm.os) && Object.values(vm.sources).every((source) => typeof source === 'string'), show(vm));
      for (const fact of vm.facts) assert.ok(BANDS.has(fact.band) && [fact.key, fact.label, fact.value, fact.source].every((text) => typeof text === 'string'), `fact ${show(fact)}`);
      if (index < 3) {
        const ref = { kind: 'vm' as const, providerId: 'tool', id: vm.id };
        assertStack(buildVmStack({ ref, vm, product: 'Tool', executable: 'tool', version: undefined, accelerator: 'x', guestOsHint: 'y', hardware: layer('hardware'), hostOs: layer('host-os'), readAt: '2026-01-01T00:00:00.000Z' }));
      }
    });
  };
  const vmtools = (dir: string, pattern: RegExp) => fixtureTexts(`vmtools/${dir}`, pattern);
  const parallelsInfo = vmtools('parallels', /^info/)[0];
  const parsers: { name: string; parse: (text: string) => ParseResult; samples: string[]; corpus?: string[] }[] = [
    { name: 'parseVBoxList', parse: parseVBoxList, samples: vmtools('virtualbox', /^list-/) },
    { name: 'parseVBoxShowVmInfo', parse: parseVBoxShowVmInfo, samples: vmtools('virtualbox', /^showvminfo/) },
    { name: 'parseVagrantGlobalStatus', parse: parseVagrantGlobalStatus, samples: vmtools('vagrant', /^global-status/) },
    { name: 'parseWslList', parse: parseWslList, samples: vmtools('wsl', /\.txt$/) },
    { name: 'parseLimaList', parse: parseLimaList, samples: vmtools('lima', /^list/) },
    { name: 'parseColimaList', parse: parseColimaList, samples: vmtools('colima', /^list/) },
    { name: 'parseParallelsList', parse: parseParallelsList, samples: vmtools('parallels', /^list-all/) },
    // A size whose unit is a prototype name, and one past a double.
    { name: 'parseParallelsInfo', parse: parseParallelsInfo, samples: [parallelsInfo], corpus: [parallelsInfo.replace('"6144Mb"', '"1 constructor"'), parallelsInfo.replace('"6144Mb"', `"${'9'.repeat(400)}Mb"`)] },
    { name: 'parseMultipassList', parse: parseMultipassList, samples: vmtools('multipass', /^list/) },
    { name: 'parseMultipassInfo', parse: parseMultipassInfo, samples: vmtools('multipass', /^info/) },
    { name: 'parseHyperVList', parse: parseHyperVList, samples: vmtools('hyperv', /^get-vm/) },
    { name: 'parseVmrunList', parse: parseVmrunList, samples: vmtools('vmware', /^vmrun-list/) },
    { name: 'parseVmx', parse: parseVmx, samples: vmtools('vmware', /\.vmx$/) },
    { name: 'parseUtmList', parse: parseUtmList, samples: vmtools('utm', /^list/) },
    { name: 'parsePodmanMachineList', parse: parsePodmanMachineList, samples: vmtools('podman-machine', /^list/) },
  ];

  for (const { name, parse, samples, corpus } of parsers) {
    it(`${name}: a ParseResult of bounded, well-typed VMs`, () => {
      fuzz(name, (rng) => textCase(samples, rng), parse, checkParseResult, CASES, corpus);
      fuzzOversized(name, oversizedTexts(samples[0]), parse, checkParseResult);
    });
  }

  it('markRunning: joins any two VBoxManage lists', () => {
    const samples = vmtools('virtualbox', /^list-/);
    fuzz('markRunning', (rng) => [parseVBoxList(textCase(samples, rng)), parseVBoxList(textCase(samples, rng))], ([all, running]): ParseResult => (all.ok && running.ok ? { ok: true, vms: markRunning(all.vms, running.vms) } : all), checkParseResult);
  });

  it('decodeWslOutput: any bytes (invalid UTF-16 included) decode to text parseWslList takes', () => {
    const samples = fs
      .readdirSync(path.join(fixturesDir, 'vmtools', 'wsl'))
      .sort()
      .map((file) => fs.readFileSync(path.join(fixturesDir, 'vmtools', 'wsl', file)));
    const parse = (bytes: Buffer) => {
      const text = decodeWslOutput(bytes);
      return { text, result: parseWslList(text) };
    };
    const check = ({ text, result }: ReturnType<typeof parse>) => {
      assert.equal(typeof text, 'string');
      checkParseResult(result);
    };
    fuzz('decodeWslOutput', (rng) => {
      const sample = rng.pick(samples);
      switch (rng.int(5)) {
        case 0:
          return sample.subarray(0, rng.int(sample.length + 1)); // cut short, often mid code unit
        case 1: {
          const bytes = Buffer.from(sample);
          for (let flips = 1 + rng.int(8); flips > 0 && bytes.length > 0; flips--) bytes[rng.int(bytes.length)] = rng.int(256);
          return bytes;
        }
        case 2: {
          // Lone surrogates and byte-order marks where they do not belong.
          const at = rng.int(sample.length + 1) & ~1;
          return Buffer.concat([sample.subarray(0, at), Buffer.from(rng.pick([[0x00, 0xd8], [0xff, 0xdf], [0xff, 0xfe], [0xef, 0xbb, 0xbf], [0x00]])), sample.subarray(at)]);
        }
        case 3:
          return Buffer.from(mutateText(decodeWslOutput(sample), rng), rng.chance(0.7) ? 'utf16le' : 'utf8');
        default:
          return Buffer.from(Array.from({ length: rng.int(512) }, () => rng.int(256)));
      }
    }, parse, check);
    const text = decodeWslOutput(samples[0]);
    fuzzOversized('decodeWslOutput', [
      ...oversizedTexts(text).map((big) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(big, 'utf16le')])),
      Buffer.alloc((5 << 20) + 1, 0xd8), // odd length, every unit a lone surrogate
    ], parse, check);
  });
});

// ---------------------------------------------------------------------------------------------
// QEMU: /proc command lines, option lists, /proc stat and status, QMP replies

describe('parser fuzz: QEMU (/proc and QMP)', () => {
  const cmdlines = [readFixture('qemu/lab-tcg.cmdline'), readFixture('qemu/libvirt-guest.cmdline')];
  const OPTIONS = ['-name', '-m', '-smp', '-accel', '-machine', '-M', '-enable-kvm', '-drive', '-blockdev', '-device', '-netdev', '-nic', '-net', '-chardev', '-mon', '-qmp', '-bios', '-kernel', '-initrd', '-cdrom', '-hda', '-uuid', '--smp', '-', 'disk.img', '-nographic'];
  const OPTION_KEYS = ['cpus', 'sockets', 'dies', 'clusters', 'cores', 'threads', 'size', 'type', 'accel', 'guest', 'file', 'format', 'if', 'id', 'media', 'node-name', 'driver', 'filename', 'file.filename', 'backing', 'netdev', 'mac', 'model', 'macaddr', 'chardev', 'mode', 'path', 'server', 'wait', 'name', 'backend'];
  /** An option value: key=value lists (`,,` a literal comma), JSON as libvirt writes it, a unix socket spec, or noise. */
  const optionValue = (rng: Rng): string => {
    const roll = rng.int(5);
    if (roll === 0) return JSON.stringify(randomJson(rng, OPTION_KEYS));
    if (roll === 1) return randomText(rng, 8);
    if (roll === 2) return `unix:${randomText(rng, 3)},server=${rng.pick(['on', 'off', 'yes'])},wait=off`;
    const parts = Array.from({ length: 1 + rng.int(5) }, () => (rng.chance(0.7) ? `${rng.pick(OPTION_KEYS)}=${rng.pick([...WORDS, ...NUMBER_WORDS, ...SIZE_WORDS, ...HOSTILE])}` : rng.pick([...WORDS, ...HOSTILE, 'nowait'])));
    return parts.join(rng.chance(0.9) ? ',' : ',,');
  };
  const argvCase = (rng: Rng): string[] => {
    if (rng.chance(0.5)) return parseCmdline(mutateText(rng.pick(cmdlines), rng));
    const argv = [rng.pick(['qemu-system-x86_64', 'qemu-kvm', '', randomText(rng, 2)])];
    for (let count = rng.int(25); count > 0; count--) argv.push(rng.pick(OPTIONS), optionValue(rng));
    return rng.chance(0.2) ? argv.slice(0, rng.int(argv.length + 1)) : argv;
  };
  const checkCommandLine = (line: QemuCommandLine) => {
    assert.ok(Number.isInteger(line.vcpus) && line.vcpus > 0, `vcpus ${line.vcpus}`);
    assert.ok(line.memoryBytes === undefined || (Number.isSafeInteger(line.memoryBytes) && line.memoryBytes > 0), `memory ${line.memoryBytes}`);
    const accelerators = ['KVM', 'TCG', 'HVF', 'WHPX', 'Xen', 'NVMM', 'unknown'];
    assert.ok(line.accelerators.every((accelerator) => accelerators.includes(accelerator)), `accelerators ${show(line.accelerators)}`);
    assert.ok([line.executable, ...line.qmpSockets].every((text) => typeof text === 'string') && [line.name, line.machine, line.uuid, line.kernel, line.agentSocket].every(isOptionalString), show(line));
    assert.ok(line.disks.every((disk) => typeof disk.cdrom === 'boolean' && isOptionalString(disk.file) && isOptionalString(disk.format)), show(line.disks));
    assert.ok(line.nics.every((nic) => [nic.model, nic.backend, nic.mac].every(isOptionalString)), show(line.nics));
    assertPlainData(line, 'commandLine');
  };

  it('parseQemuArgv, isLibvirtManaged, resolveRelativePaths: a typed command line from any argv', () => {
    const parse = (argv: string[]) => {
      const line = parseQemuArgv(argv);
      return { line, resolved: resolveRelativePaths(line, '/srv/vms'), libvirt: isLibvirtManaged(argv) };
    };
    const check = ({ line, resolved, libvirt }: ReturnType<typeof parse>) => {
      checkCommandLine(line);
      checkCommandLine(resolved);
      assert.equal(typeof libvirt, 'boolean');
    };
    fuzz('parseQemuArgv', argvCase, parse, check, 3 * CASES, [
      ['qemu-system-x86_64', '-accel', 'constructor'],
      ['qemu-system-x86_64', '-smp', 'sockets=1e308,cores=1e308'],
    ]);
    const nestedJson = `${'{"file":'.repeat(50_000)}"x"${'}'.repeat(50_000)}`;
    // procScan reads at most 256 KiB of /proc/PID/cmdline (CMDLINE_CAP): no longer word reaches the parser.
    const cmdlineCap = 256 * 1024;
    fuzzOversized('parseQemuArgv', [
      ...oversizedTexts(cmdlines[1].replace(/\0/g, '\n')).map((text) => ['qemu-system-x86_64', '-name', text.slice(0, cmdlineCap), '-drive', text.slice(0, cmdlineCap), '-smp', text.slice(0, cmdlineCap)]),
      parseCmdline(PAST_EVERY_CAP.slice(0, cmdlineCap)),
      ['qemu-system-x86_64', ...Array.from({ length: 100_000 }, (_, index) => (index % 2 ? `file=d${index}.img` : '-drive'))],
      ['qemu-system-x86_64', '-blockdev', nestedJson, '-device', nestedJson],
      ['qemu-system-x86_64', '-drive', ','.repeat(1 << 20)],
      ['qemu-system-x86_64', '-m', `${' '.repeat(1 << 20)}1G`],
    ], parse, check);
  });

  it('parseOptionList and parseSize: a map and a size or undefined', () => {
    fuzz('parseOptionList', (rng) => (rng.chance(0.5) ? optionValue(rng) : mutateText(optionValue(rng), rng)), (text) => ({ values: parseOptionList(text, 'type').values, size: parseSize(text, 'm') }), ({ values, size }) => {
      assert.ok([...values].every(([key, value]) => typeof key === 'string' && typeof value === 'string'));
      assert.ok(size === undefined || (Number.isSafeInteger(size) && size > 0), `size ${size}`);
    });
  });

  it('/proc stat, status and ids: values or undefined', () => {
    const stats = [readFixture('qemu/lab-tcg.stat')];
    const statuses = [readFixture('qemu/lab-tcg.status')];
    const procStats = [readFixture('host/firecracker/root/proc/stat'), 'cpu  1 2 3\nbtime 1795930000\n'];
    const parse = ([stat, status, procStat, id]: string[]) => ({ stat: parseQemuProcStat(stat), rss: parseVmRssBytes(status), btime: parseBootTime(procStat), pid: parseProcessId(id) });
    const check = ({ stat, rss, btime, pid }: ReturnType<typeof parse>) => {
      assert.ok(stat === undefined || (/^[A-Za-z]$/.test(stat.state) && [stat.utimeTicks, stat.stimeTicks, stat.startTicks].every(Number.isSafeInteger)), show(stat));
      assert.ok(rss === undefined || Number.isSafeInteger(rss), `rss ${rss}`);
      assert.ok(isCount(btime), `btime ${btime}`);
      assert.ok(pid === undefined || [pid.pid, pid.startTicks].every(Number.isSafeInteger), show(pid));
    };
    fuzz('parseProcStat (qemu)', (rng) => [textCase(stats, rng), textCase(statuses, rng), textCase(procStats, rng), mutateText('pid:18964:323227', rng)], parse, check, CASES, [
      ['', '', `btime ${'9'.repeat(400)}\n`, `pid:${'9'.repeat(400)}:1`],
    ]);
    fuzzOversized('parseProcStat (qemu)', oversizedTexts(stats[0]).map((text) => [text, text, text, text]), parse, check);
  });

  it('/proc/PID/io: two safe byte counts or undefined', () => {
    const ios = [readFixture('qemu/proc-io.txt')];
    const check = (io: ReturnType<typeof parseProcIo>) => assert.ok(io === undefined || (Number.isSafeInteger(io.readBytes) && Number.isSafeInteger(io.writeBytes) && io.readBytes >= 0 && io.writeBytes >= 0), show(io));
    fuzz('parseProcIo', (rng) => textCase(ios, rng), parseProcIo, check);
    fuzzOversized('parseProcIo', oversizedTexts(ios[0]), parseProcIo, check);
  });

  const recorded = readJsonFixture<Record<string, { return?: unknown; QMP?: { version?: unknown } }>>('qemu/qmp-lab-tcg.json');
  const recordedAgent = readJsonFixture<Record<string, { return?: unknown }>>('qemu/qga-lab.json');
  const QUERY_KEYS = ['query-status', 'query-name', 'query-kvm', 'query-cpus-fast', 'query-memory-size-summary', 'query-block', 'query-version', 'qom-get /machine type'];
  /** The `return` values readQmpFacts collects, each fuzzed on its own, some missing. */
  const qmpRaw = (rng: Rng): Record<string, unknown> => {
    const raw: Record<string, unknown> = {};
    for (const key of QUERY_KEYS) if (!rng.chance(0.1)) setOwn(raw, key, jsonCase([recorded[key]?.return ?? null], rng));
    return raw;
  };
  const checkQmpFacts = (facts: QmpFacts) => {
    assert.ok(facts.errors.every((error) => typeof error === 'string'));
    assert.ok(isCount(facts.vcpus) && isCount(facts.memory?.base) && isCount(facts.memory?.plugged), show([facts.vcpus, facts.memory]));
    assert.ok([facts.name, facts.version, facts.machine, facts.status?.status].every(isOptionalString), show(facts));
    assert.ok((facts.blocks ?? []).every((block) => typeof block.device === 'string' && isCount(block.virtualSizeBytes) && typeof block.readOnly === 'boolean'), show(facts.blocks));
  };

  it('toQmpFacts, toGuestOsInfo, toHostName: typed facts from any reply', () => {
    fuzz('toQmpFacts', (rng) => ({
      raw: qmpRaw(rng),
      greeting: jsonCase([recorded.greeting.QMP?.version ?? null], rng),
      os: jsonCase([recordedAgent['guest-get-osinfo'].return], rng),
      host: jsonCase([recordedAgent['guest-get-host-name']?.return ?? null], rng),
    }), (input) => ({ facts: toQmpFacts(input.raw, [], input.greeting), osInfo: toGuestOsInfo(input.os), hostName: toHostName(input.host) }), ({ facts, osInfo, hostName }) => {
      checkQmpFacts(facts);
      assert.ok(osInfo === undefined || Object.values(osInfo).every(isOptionalString), show(osInfo));
      assert.ok(isOptionalString(hostName));
    });
  });

  it('buildQemuStack and toQemuSummary: a Stack and a summary from any mix of the above', () => {
    const labStat = readFixture('qemu/lab-tcg.stat');
    const fallbackStat = { state: 'S', utimeTicks: 1, stimeTicks: 1, startTicks: 1 };
    fuzz('buildQemuStack', (rng) => {
      const argv = argvCase(rng);
      const process: QemuProcess = { pid: 4242, id: 'pid:4242:1', executable: argv[0] ?? '', argv, cwd: '/', stat: parseQemuProcStat(textCase([labStat], rng)) ?? fallbackStat };
      const facts = toQmpFacts(qmpRaw(rng), rng.chance(0.2) ? [randomText(rng, 4)] : [], undefined);
      const qmp: Result<QmpFacts> | undefined = rng.chance(0.8) ? { ok: true, value: facts } : rng.chance(0.5) ? { ok: false, error: randomText(rng, 5) } : undefined;
      const osInfo = toGuestOsInfo(jsonCase([recordedAgent['guest-get-osinfo'].return], rng));
      const agent = rng.chance(0.7) ? { ok: true as const, value: { os: osInfo, hostName: randomText(rng, 2), raw: {} } } : undefined;
      const host: HostFacts = { cpuCount: { value: 2, source: '/proc/cpuinfo' }, memoryBytes: { value: 1 << 30, source: '/proc/meminfo' } };
      return { process, commandLine: parseQemuArgv(argv), qmp, agent, host, bootTime: parseBootTime(textCase(['btime 1795930000\n'], rng)) };
    }, ({ process, commandLine, qmp, agent, host, bootTime }) => {
      const state = guestState(qmp?.ok ? qmp.value.status : undefined, process.stat.state);
      return {
        stack: buildQemuStack({ providerId: 'qemu', process, commandLine, qmp, agent, host, readAt: '2026-01-01T00:00:00.000Z' }),
        summary: toQemuSummary('qemu', process, commandLine, state, bootTime),
      };
    }, ({ stack, summary }) => {
      assertStack(stack);
      assertSummary(summary);
    });
  });

  describe('over a unix socket: replies cut short, garbage, too large, or never sent', () => {
    const limits = { connectTimeoutMs: 500, commandTimeoutMs: 150, maxLineBytes: 16 * 1024 };
    let dir: string;
    let socketPath: string;
    let server: net.Server;
    let respond: (socket: net.Socket, message: Record<string, unknown> | undefined) => void = () => undefined;
    const rng = rngFor('monitor socket');
    /** Writes in random pieces, so a line is split across reads anywhere. */
    const writeChunked = (socket: net.Socket, text: string) => {
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + rng.int(256);
        socket.write(bytes.subarray(at, at + size));
        at += size;
      }
    };
    const fuzzedLine = (reply: unknown): string => {
      const roll = rng.int(25);
      if (roll === 0) return `${randomText(rng, 10).replace(/\n/g, ' ')}\n`;
      if (roll === 1) return JSON.stringify(reply).slice(0, rng.int(40)); // cut short, no newline
      if (roll === 2) return `{"return": "${'x'.repeat(limits.maxLineBytes)}"}\n`;
      if (roll === 3) return ''; // never answers
      if (roll === 4) return `{"event":"RESUME"}\n${JSON.stringify(reply)}\n`;
      return `${JSON.stringify(reply)}\n`;
    };
    /** One client's session in bounded time, or a failure that says which case. */
    const timedSession = async <T>(label: string, session: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await session();
      const elapsed = performance.now() - started;
      assert.ok(elapsed < CALL_BOUND_MS, `${label}: took ${Math.round(elapsed)} ms`);
      return result;
    };

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-fuzz-qmp-'));
      socketPath = path.join(dir, 'monitor.sock');
      server = net.createServer((socket) => {
        socket.on('error', () => undefined);
        let buffer = '';
        socket.on('data', (chunk) => {
          buffer += chunk.toString('utf8');
          for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
            const parsed = parsesAsJson(buffer.slice(0, newline));
            buffer = buffer.slice(newline + 1);
            respond(socket, parsed.ok && isObject(parsed.value) ? parsed.value : undefined);
          }
        });
        respond(socket, undefined);
      });
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    });
    after(async () => {
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('readQmpFacts: a Result in bounded time, whatever the monitor sends', async () => {
      respond = (socket, message) => {
        if (!message) return writeChunked(socket, fuzzedLine(jsonCase([recorded.greeting], rng)));
        const command = String(message.execute);
        const key = command === 'qom-get' ? 'qom-get /machine type' : command;
        const reply = rng.chance(0.9) ? { return: jsonCase([recorded[key]?.return ?? {}], rng), id: message.id } : { error: randomJson(rng, ['class', 'desc']), id: message.id };
        writeChunked(socket, fuzzedLine(reply));
      };
      for (let index = 0; index < 25; index++) {
        const label = `readQmpFacts, case ${index} (FUZZ_SEED=${SEED})`;
        const result = await timedSession(label, () => readQmpFacts(socketPath, limits));
        if (result.ok) labelled(label, () => checkQmpFacts(result.value));
        else assert.equal(typeof result.error, 'string', label);
      }
    });

    it('withGuestAgent: a Result in bounded time, whatever the agent sends', async () => {
      respond = (socket, message) => {
        if (!message) return;
        const command = String(message.execute);
        const args = isObject(message.arguments) ? message.arguments : {};
        const reply = command === 'guest-sync' && rng.chance(0.8) ? { return: args.id } : { return: jsonCase([recordedAgent[command]?.return ?? {}], rng), id: message.id };
        writeChunked(socket, fuzzedLine(reply));
      };
      for (let index = 0; index < 12; index++) {
        const label = `withGuestAgent, case ${index} (FUZZ_SEED=${SEED})`;
        const result = await timedSession(label, () =>
          withGuestAgent(socketPath, async (agent) => {
            const osInfo = await agent.execute('guest-get-osinfo');
            return osInfo.ok ? toGuestOsInfo(osInfo.value) : undefined;
          }, limits),
        );
        if (result.ok) assert.ok(result.value === undefined || Object.values(result.value).every(isOptionalString), `${label}: ${show(result.value)}`);
        else assert.equal(typeof result.error, 'string', label);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// This machine: /proc, /sys and /etc through HostSources

describe('parser fuzz: host detection (/proc, /sys, /etc)', () => {
  /** The real reader stops at 256 KiB; the in-memory one does the same. */
  const TEXT_CAP = 256 * 1024;
  const hostRoot = path.join(fixturesDir, 'host');
  const trees = fs
    .readdirSync(hostRoot)
    .filter((name) => fs.existsSync(path.join(hostRoot, name, 'root')))
    .sort()
    .map((name) => {
      const root = path.join(hostRoot, name, 'root');
      const files = new Map<string, Uint8Array>();
      for (const relative of fs.readdirSync(root, { recursive: true }) as string[]) {
        const full = path.join(root, relative);
        // Fixture names store ':' as %3A (see test/fixtures/host/README.md).
        if (fs.statSync(full).isFile()) files.set(`/${relative.split(path.sep).join('/').replace(/%3A/g, ':').replace(/%25/g, '%')}`, fs.readFileSync(full));
      }
      return { name, files, env: readJsonFixture<Record<string, string>>(`host/${name}/env.json`) };
    });

  const sourcesOf = (files: ReadonlyMap<string, Uint8Array>, env: Record<string, string>): HostSources => {
    const paths = [...files.keys()];
    return {
      files: {
        readText: (file) => {
          const bytes = files.get(file);
          return bytes === undefined ? undefined : Buffer.from(bytes.subarray(0, TEXT_CAP)).toString('utf8');
        },
        readBytes: (file, length) => files.get(file)?.subarray(0, length),
        list: (dir) => [...new Set(paths.filter((file) => file.startsWith(`${dir}/`)).map((file) => file.slice(dir.length + 1).split('/')[0]))].sort(),
        exists: (file) => files.has(file) || paths.some((other) => other.startsWith(`${file}/`)),
      },
      env: (name) => (Object.hasOwn(env, name) ? env[name] : undefined),
    };
  };
  /** A recorded machine with some files garbled, emptied, replaced by bytes or gone, odd devices added, odd variables set. */
  const garbledMachine = (rng: Rng): HostSources => {
    const tree = rng.pick(trees);
    const files = new Map<string, Uint8Array>();
    for (const [file, bytes] of tree.files) {
      const roll = rng.int(20);
      if (roll === 0) continue;
      if (roll < 4) files.set(file, Buffer.from(textCase([Buffer.from(bytes).toString('utf8')], rng)));
      else if (roll === 4) files.set(file, Buffer.from(Array.from({ length: rng.int(300) }, () => rng.int(256))));
      else files.set(file, bytes);
    }
    for (let extra = rng.int(3); extra > 0; extra--) {
      const dir = rng.pick(['/sys/bus/acpi/devices', '/sys/bus/platform/devices', '/sys/bus/pci/devices', '/sys/bus/vmbus/devices', '/sys/firmware/acpi/tables']);
      files.set(`${dir}/${randomText(rng, 3).replace(/\//g, '')}${rng.pick(['', '/vendor', '/hid'])}`, Buffer.from(randomText(rng, 6)));
    }
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(tree.env)) env[name] = rng.chance(0.3) ? mutateText(value, rng) : value;
    if (rng.chance(0.2)) env.container = rng.pick([...WORDS, ...HOSTILE]);
    if (rng.chance(0.2)) env.WSL_DISTRO_NAME = randomText(rng, 4);
    return sourcesOf(files, env);
  };
  /** Every file of a recorded machine filled to the reader's cap. */
  const filledMachines = ['', 'processor\t: 0\nflags\t\t: fpu hypervisor\n', 'a \t', 'cpu  1 2 3 4 5\nbtime 1\nMemTotal: 9 kB\n'].map((text) => {
    const filler = Buffer.from(text ? text.repeat(Math.ceil(TEXT_CAP / text.length)).slice(0, TEXT_CAP) : ' '.repeat(TEXT_CAP));
    return sourcesOf(new Map([...trees[0].files.keys()].map((file) => [file, filler])), {});
  });

  const checkClues = (clues: Clue[]) => {
    for (const found of clues) {
      assert.ok([found.signal, found.value, found.source, found.pointsTo].every((text) => typeof text === 'string'), show(found));
      assert.ok([0, 1, 2, 3].includes(found.weight) && ['hypervisor', 'vm', 'bare-metal', 'container', 'not-container', 'info'].includes(found.target.kind), show(found));
    }
  };
  const parse = (sources: HostSources) => {
    const { files } = sources;
    const clues = [collectCpuEvidence(files), collectDmiEvidence(files), collectFirmwareEvidence(files), collectDeviceEvidence(files), collectKernelEvidence(sources), collectContainerEvidence(sources)];
    const platform = detectHostPlatform(sources);
    const facts = readHostFacts(files);
    const times = parseHostProcStat(files.readText('/proc/stat') ?? '');
    return {
      clues,
      platform,
      facts,
      times,
      stack: buildHostStack({ platform, facts, hostname: 'fuzz', readAt: '2026-01-01T00:00:00.000Z' }),
      stats: hostLiveStats(files, times, times, '2026-01-01T00:00:00.000Z'),
    };
  };
  const check = ({ clues, platform, facts, times, stack, stats }: ReturnType<typeof parse>) => {
    clues.forEach(checkClues);
    assert.ok(['bare-metal', 'vm', 'container', 'unknown'].includes(platform.kind) && ['high', 'medium', 'low'].includes(platform.confidence), show(platform));
    assert.ok([facts.cpuCount?.value, facts.memoryBytes?.value].every((count) => count === undefined || Number.isSafeInteger(count)), show(facts));
    assert.ok([facts.cpuModel?.value, facts.osName?.value, facts.osShortName, facts.kernel?.value, facts.architecture?.value].every(isOptionalString), show(facts));
    assert.ok(times === undefined || [times.total, times.idle, times.cpus].every(Number.isFinite), show(times));
    assertStack(stack);
    assertLiveStats(stats);
  };

  it('every collector, the classifier, the facts and the stack: typed values from garbled files', () => {
    fuzz('host detection', garbledMachine, parse, check);
    fuzzOversized('host detection', filledMachines, parse, check);
  });

  it("HostProvider.list: this machine's row, whatever the files say", async () => {
    const firecracker = trees.find((tree) => tree.name === 'firecracker') ?? trees[0];
    const hugeBootTime = new Map([...firecracker.files, ['/proc/stat', Buffer.from(`cpu  1 2 3 4\nbtime ${'9'.repeat(400)}\n`)]]);
    const corpus = [...filledMachines, sourcesOf(hugeBootTime, firecracker.env)];
    const rng = rngFor('HostProvider.list');
    for (let index = 0; index < 40; index++) {
      const label = `HostProvider.list, case ${index} (FUZZ_SEED=${SEED})`;
      const sources = index < corpus.length ? corpus[index] : garbledMachine(rng);
      const started = performance.now();
      const listed = await new HostProvider({ sources, hostname: () => 'fuzz' }).list();
      assert.ok(performance.now() - started < CALL_BOUND_MS, `${label}: too slow`);
      assert.ok(listed.ok, label);
      labelled(label, () => listed.workloads.forEach(assertSummary));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Image archives (issue 15): the engine's image tar, its layer tars, gzip, zstd, pax and GNU headers

describe('parser fuzz: image archives (outer tar, layer tars, gzip, zstd)', () => {
  const TYPES = ['0', '0', '0', '5', '5', '2', '1', '7', 'x', 'g', 'L', 'K', '3', 'S', 'Z', '\0'];
  const PAX_KEYS = ['path', 'linkpath', 'size', 'uid', 'gid', 'mtime', 'comment'];
  const NAMES = ['etc/passwd', './usr/bin/', '/abs/file', '../up', 'a/../../b', 'dir/.wh.gone', 'dir/.wh..wh..opq', '.wh.', 'x'.repeat(99), '', 'a\0b'];
  const nameCase = (rng: Rng) => (rng.chance(0.6) ? rng.pick(NAMES) : randomText(rng, 4)).slice(0, 100);
  const paxCase = (rng: Rng) =>
    Array.from({ length: 1 + rng.int(3) }, () => (rng.chance(0.8) ? paxRecord(rng.pick(PAX_KEYS), rng.chance(0.5) ? rng.pick(NUMBER_WORDS) : randomText(rng, 3)) : randomText(rng, 6))).join('');
  const entryCase = (rng: Rng): CraftedEntry => {
    const type = rng.pick(TYPES);
    const data = type === 'x' || type === 'g' ? Buffer.from(paxCase(rng)) : type === 'L' || type === 'K' ? Buffer.from(nameCase(rng)) : Buffer.from(randomText(rng, 5));
    const claimedSize = rng.chance(0.1) ? rng.pick([0, 1, 511, 513, 100 * 1024 * 1024, 0o77777777777]) : undefined;
    return { name: nameCase(rng), type, data, claimedSize, linkName: rng.chance(0.3) ? nameCase(rng) : undefined, mode: rng.int(0o200000), uid: rng.int(0o7777777), gid: rng.int(0o7777777) };
  };
  const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
  const bytesCase = (rng: Rng, length: number) => Buffer.from(Array.from({ length }, () => rng.int(256)));
  /**
   * A tar as zstd: the zstd tool's frame (any level, with a checksum or not; the unit stage installs
   * it), or a frame written by hand: stored and RLE blocks of any size, perhaps a skippable frame
   * after it, now and then a window too large or a dictionary the reader must refuse.
   */
  const zstdCase = (tar: Buffer, rng: Rng): Buffer => {
    if (rng.chance(0.4)) return execFileSync('zstd', ['-q', '-c', `-${1 + rng.int(19)}`, rng.chance(0.5) ? '--check' : '--no-check'], { input: tar });
    const blocks: ZstdBlock[] = [];
    for (let at = 0; at < tar.length; ) {
      const size = 1 + rng.int(rng.chance(0.5) ? 600 : 140_000);
      blocks.push(rng.chance(0.1) ? { rle: rng.int(256), size } : { raw: tar.subarray(at, at + size) });
      at += size;
    }
    const frame = craftZstdFrame(blocks, { windowLog: rng.chance(0.9) ? 17 : rng.pick([10, 27, 28, 30, 41]), dictionary: rng.chance(0.05) ? 1 + rng.int(1000) : 0 });
    return rng.chance(0.2) ? Buffer.concat([frame, Buffer.from([0x50 + rng.int(16), 0x2a, 0x4d, 0x18, 2, 0, 0, 0]), bytesCase(rng, 2)]) : frame;
  };
  const layerCase = (rng: Rng): Buffer => {
    const tar = craftTar(Array.from({ length: rng.int(6) }, () => entryCase(rng)), rng.chance(0.9));
    const roll = rng.next();
    return roll < 0.3 ? gzipSync(tar) : roll < 0.45 ? zstdCase(tar, rng) : tar;
  };
  /** Flips, cuts, inserts and overwrites bytes anywhere (checksums then mostly fail: that is a case too). */
  const mutateBytes = (bytes: Buffer, rng: Rng): Buffer => {
    let out = Buffer.from(bytes);
    for (let steps = 1 + rng.int(3); steps > 0; steps--) {
      const at = rng.int(out.length + 1);
      const roll = rng.int(4);
      if (roll === 0) out = out.subarray(0, at);
      else if (roll === 1 && at < out.length) out[at] ^= 1 << rng.int(8);
      else if (roll === 2) out = Buffer.concat([out.subarray(0, at), Buffer.from(randomText(rng, 4)), out.subarray(at)]);
      else out.fill(rng.int(256), at, Math.min(out.length, at + rng.int(64)));
    }
    return out;
  };
  const imageCase = (rng: Rng): Buffer => {
    const layers = Array.from({ length: 1 + rng.int(3) }, (_, index) => ({ name: `l${index}/layer.tar`, data: layerCase(rng) }));
    const config = { rootfs: { diff_ids: layers.map((_, index) => `sha256:${index}`) }, history: layers.map(() => ({ created_by: randomText(rng, 3) })) };
    const manifest = [{ Config: 'c.json', Layers: layers.map((layer) => layer.name) }];
    const json = (value: unknown) => Buffer.from(rng.chance(0.2) ? JSON.stringify(jsonCase([value], rng)) : JSON.stringify(value));
    const members: CraftedEntry[] = [...layers, { name: 'c.json', data: json(config) }, { name: 'manifest.json', data: json(manifest) }];
    if (rng.chance(0.2)) members.splice(rng.int(members.length), 0, entryCase(rng));
    const archive = craftTar(members);
    return rng.chance(0.4) ? mutateBytes(archive, rng) : archive;
  };
  const checkEntries = (entries: ImageArchiveContents['layers'][number]['entries']) => {
    for (const entry of entries) {
      const segments = entry.path.split('/');
      assert.ok(!entry.path.startsWith('/') && !entry.path.includes('\0') && !segments.includes('..') && !segments.includes('.'), `unsafe path ${show(entry.path)}`);
      assert.ok(entry.path !== '' || entry.opaque === true, 'an empty path that is not the opaque root');
      assert.ok(Number.isSafeInteger(entry.size) && entry.size >= 0 && entry.mode >= 0 && entry.mode <= 0o7777, show(entry));
      assert.ok(Number.isSafeInteger(entry.uid) && Number.isSafeInteger(entry.gid), show(entry));
      assert.ok(['file', 'dir', 'symlink', 'hardlink', 'other'].includes(entry.type) && isOptionalString(entry.linkTarget), show(entry));
    }
  };
  /** Resolves with the reader's value or its ImageArchiveError; anything else, or no answer in time, fails. */
  const bounded = async <T>(label: string, read: () => Promise<T>): Promise<T | ImageArchiveError> => {
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    try {
      return await Promise.race([
        read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new AssertionError({ message: `${label}: no answer in ${CALL_BOUND_MS} ms` })), CALL_BOUND_MS);
        }),
      ]);
    } catch (error) {
      if (error instanceof ImageArchiveError) {
        assert.ok(error.message.length > 0 && error.message.length < 2_000, `${label}: ${show(error.message)}`);
        return error;
      }
      throw error instanceof AssertionError ? error : new AssertionError({ message: `${label}: threw ${error instanceof Error ? error.stack : String(error)}` });
    } finally {
      clearTimeout(timer);
      assert.ok(performance.now() - started < CALL_BOUND_MS, `${label}: too slow`);
    }
  };

  it('readLayerEntries: safe entries or an ImageArchiveError, in bounded time, however the bytes come', async () => {
    const rng = rngFor('readLayerEntries');
    let withEntries = 0;
    for (let index = 0; index < CASES; index++) {
      const label = `readLayerEntries, case ${index} (FUZZ_SEED=${SEED})`;
      const bytes = rng.chance(0.3) ? mutateBytes(layerCase(rng), rng) : layerCase(rng);
      const sizes = [1 + rng.int(600), 1 + rng.int(5000)];
      const result = await bounded(label, () => readLayerEntries(chunked(bytes, sizes), { storedSize: rng.chance(0.5) ? bytes.length : undefined }));
      if (result instanceof ImageArchiveError) continue;
      if (result.length > 0) withEntries++;
      labelled(label, () => checkEntries(result));
    }
    assert.ok(withEntries > CASES / 10, `only ${withEntries} of ${CASES} layers gave entries: the cases do not reach the entry mapping`);
  });

  it('zstd layers: garbage after the magic, cut anywhere, mutated, hostile headers: entries or an ImageArchiveError, in bounded time', async function () {
    this.timeout(60_000);
    const rng = rngFor('zstd layers');
    const decoded = { intact: 0, damaged: 0 };
    for (let index = 0; index < CASES; index++) {
      const label = `zstd layer, case ${index} (FUZZ_SEED=${SEED})`;
      // A well-formed tar inside (files of text or random bytes), so damage to the zstd is what is tested.
      const files = Array.from({ length: 1 + rng.int(5) }, (_, at) => ({ name: `dir/file-${at}`, data: rng.chance(0.5) ? Buffer.from(randomText(rng, 40).repeat(1 + rng.int(50))) : bytesCase(rng, rng.int(5000)) }));
      const zstd = zstdCase(craftTar(files), rng);
      const roll = rng.int(4);
      const bytes =
        roll === 0
          ? Buffer.concat([ZSTD_MAGIC, bytesCase(rng, rng.int(700))])
          : roll === 1
            ? zstd.subarray(0, 4 + rng.int(zstd.length - 4))
            : roll === 2
              ? mutateBytes(zstd, rng)
              : zstd;
      const sizes = [1 + rng.int(600), 1 + rng.int(70_000)];
      const result = await bounded(label, () => readLayerEntries(chunked(bytes, sizes)));
      if (result instanceof ImageArchiveError) continue;
      decoded[roll === 3 ? 'intact' : 'damaged']++;
      labelled(label, () => checkEntries(result));
    }
    assert.ok(decoded.intact > CASES / 10, `only ${decoded.intact} of ${CASES} zstd layers were read: the cases do not reach the tar inside`);
  });

  it('readImageArchive: layers of safe entries, or an ImageArchiveError, in bounded time', async () => {
    const rng = rngFor('readImageArchive');
    let read = 0;
    let withLayerEntries = 0;
    for (let index = 0; index < CASES; index++) {
      const label = `readImageArchive, case ${index} (FUZZ_SEED=${SEED})`;
      const bytes = imageCase(rng);
      const result = await bounded(label, () => readImageArchive(chunked(bytes, [1 + rng.int(700), 1 + rng.int(9000)])));
      if (result instanceof ImageArchiveError) continue;
      read++;
      if (result.layers.some((layer) => layer.entries.length > 0)) withLayerEntries++;
      labelled(label, () => {
        for (const layer of result.layers) {
          assert.ok(typeof layer.id === 'string' && Number.isSafeInteger(layer.archiveSize) && isOptionalString(layer.error), show(layer));
          assert.ok(layer.error === undefined || layer.entries.length === 0, 'a layer with an error has no entries');
          checkEntries(layer.entries);
        }
        assert.ok(result.history.every((step) => typeof step.createdBy === 'string' && typeof step.emptyLayer === 'boolean'), show(result.history));
        assertPlainData(result, 'image');
      });
    }
    assert.ok(read > CASES / 4 && withLayerEntries > CASES / 20, `only ${read} of ${CASES} archives were read through, ${withLayerEntries} with entries: the cases do not reach the layers`);
  });
});
