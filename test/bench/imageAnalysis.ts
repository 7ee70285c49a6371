// Bench (13): analyseImage of a 1 GB, 40-layer image against the floor of only reading the same
// GET /images/{name}/get stream from the engine's socket and discarding the bytes. Runs in plain
// Node, started by scripts/bench/imageAnalysis.mjs (which made the image) with --expose-gc, so the
// heap sampled is the analysis's alone. The two are interleaved, the order alternating, after one
// warm-up of each; heapUsed and rss are sampled every 50 ms while the analysis runs.
import * as http from 'http';
import { clientForEndpoint } from '../../src/providers/docker/client';
import { endpointInputFromProcess, resolveDockerEndpoint } from '../../src/providers/docker/endpoint';
import { type ImageAnalysis, analyseImage } from '../../src/providers/docker/imageArchive/analyseImage';
import { report } from './report';

const MB = 1024 * 1024;
const SAMPLE_MS = 50;

interface Expected {
  layers: number;
  wastedBytes: number;
  inefficientPaths: number;
  layerBytes: number;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc: the baseline must follow a full collection');
  gc();
  gc();
}

/** The floor: the export read from the socket with node's http and thrown away; when its first byte came. */
function readRaw(socketPath: string, image: string, started: number): Promise<{ bytes: number; firstByteMs: number }> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: `/images/${encodeURIComponent(image)}/get` }, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`GET /images/${image}/get answered ${response.statusCode}`));
          return;
        }
        let bytes = 0;
        let firstByteMs = NaN;
        response.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstByteMs = performance.now() - started;
          bytes += chunk.length;
        });
        response.on('end', () => resolve({ bytes, firstByteMs }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

interface Memory {
  heapUsed: number;
  rss: number;
  samples: number;
}

/** Samples process.memoryUsage() every 50 ms while `work` runs; the peaks. */
async function sampled<T>(work: () => Promise<T>): Promise<{ value: T; peak: Memory }> {
  const peak: Memory = { heapUsed: 0, rss: 0, samples: 0 };
  const sample = (): void => {
    const { heapUsed, rss } = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
    peak.rss = Math.max(peak.rss, rss);
    peak.samples++;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  try {
    const value = await work();
    sample();
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

function check(analysis: ImageAnalysis, expected: Expected): string {
  const { efficiency } = analysis;
  const problems: string[] = [];
  if (analysis.layers.length !== expected.layers) problems.push(`${analysis.layers.length} layers, not ${expected.layers}`);
  const failed = analysis.layers.filter((layer) => layer.error !== undefined);
  if (failed.length > 0) problems.push(`${failed.length} layers failed: ${failed[0].error}`);
  if (efficiency.wastedBytes !== expected.wastedBytes) problems.push(`wasted ${efficiency.wastedBytes} B, not ${expected.wastedBytes}`);
  if (efficiency.inefficiencies.length !== expected.inefficientPaths) problems.push(`${efficiency.inefficiencies.length} inefficient paths, not ${expected.inefficientPaths}`);
  if (problems.length > 0) throw new Error(`the analysis of the bench image is wrong: ${problems.join('; ')}`);
  return `${analysis.layers.length} layers, wasted ${(efficiency.wastedBytes / MB).toFixed(0)} MiB in ${efficiency.inefficiencies.length} paths, efficiency ${efficiency.efficiency.toFixed(4)} (as expected)`;
}

export async function run(): Promise<void> {
  const socketPath = process.env.WS_BENCH_ENGINE_SOCKET;
  const image = process.env.WS_BENCH_IMAGE;
  const expected = JSON.parse(process.env.WS_BENCH_IMAGE_EXPECTED ?? 'null') as Expected | null;
  const repetitions = Number(process.env.WS_BENCH_IMAGE_REPETITIONS ?? '5');
  if (!socketPath || !image || !expected) throw new Error('WS_BENCH_ENGINE_SOCKET, WS_BENCH_IMAGE and WS_BENCH_IMAGE_EXPECTED are set by scripts/bench/imageAnalysis.mjs');
  const resolution = resolveDockerEndpoint({ ...endpointInputFromProcess(), env: { DOCKER_HOST: `unix://${socketPath}` } });
  if (!resolution.ok) throw new Error(resolution.diagnosis.message);
  const quiet = (): void => undefined;
  const client = clientForEndpoint(resolution.endpoint, { timeoutMs: 60_000, log: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet } });

  const raw: number[] = [];
  const analysed: number[] = [];
  const ratios: number[] = [];
  const heapPeaks: number[] = [];
  const heapGrowth: number[] = [];
  const rssPeaks: number[] = [];
  let rawBytes = 0;
  let checked = '';
  let baselines: number[] = [];
  let samples = 0;

  // Where the time goes: the engine's wait before the first byte (dockerd 20.10 writes the whole
  // export to a directory of its own before it sends any of it), then the streaming, and the CPU
  // this process spent (user + system) on each.
  const rawFirstByte: number[] = [];
  const analysisFirstByte: number[] = [];
  const rawCpu: number[] = [];
  const analysisCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const { user, system } = process.cpuUsage(since);
    return (user + system) / 1000;
  };
  const readOnce = async (): Promise<number> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const read = await readRaw(socketPath, image, started);
    const ms = performance.now() - started;
    rawBytes = read.bytes;
    rawFirstByte.push(read.firstByteMs);
    rawCpu.push(cpuMs(cpu));
    return ms;
  };
  // The extension's client alone (dockerode's dial, as analyseImage opens the export), its stream
  // read and discarded: tells the transport's share from the reader's and the analysis's.
  const clientOnly: number[] = [];
  const clientOnce = async (): Promise<void> => {
    const started = performance.now();
    const { stream, abort } = await client.imageArchive(image);
    let bytes = 0;
    try {
      for await (const chunk of stream) bytes += (chunk as Buffer).length;
    } finally {
      abort.abort();
    }
    if (bytes !== rawBytes) throw new Error(`the client's stream gave ${bytes} bytes, the raw read ${rawBytes}`);
    clientOnly.push(performance.now() - started);
  };
  const analyseOnce = async (): Promise<{ ms: number; peak: Memory; baseline: number }> => {
    collect();
    const baseline = process.memoryUsage().heapUsed;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let firstByteMs = NaN;
    const onProgress = (bytes: number): void => {
      if (Number.isNaN(firstByteMs) && bytes > 0) firstByteMs = performance.now() - started;
    };
    const { value, peak } = await sampled(() => analyseImage(client, image, { onProgress }));
    const ms = performance.now() - started;
    analysisFirstByte.push(firstByteMs);
    analysisCpu.push(cpuMs(cpu));
    checked = check(value, expected);
    return { ms, peak, baseline };
  };

  // Warm-up: the engine's page cache, V8's compiled code.
  await readOnce();
  await analyseOnce();
  for (const list of [rawFirstByte, analysisFirstByte, rawCpu, analysisCpu]) list.length = 0;
  const clientRatios: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    let rawMs: number;
    let analysis: Awaited<ReturnType<typeof analyseOnce>>;
    if (rep % 2 === 0) {
      rawMs = await readOnce();
      analysis = await analyseOnce();
    } else {
      analysis = await analyseOnce();
      rawMs = await readOnce();
    }
    await clientOnce();
    clientRatios.push((clientOnly.at(-1) as number) / rawMs);
    raw.push(rawMs);
    analysed.push(analysis.ms);
    ratios.push(analysis.ms / rawMs);
    heapPeaks.push(analysis.peak.heapUsed / MB);
    heapGrowth.push((analysis.peak.heapUsed - analysis.baseline) / MB);
    rssPeaks.push(analysis.peak.rss / MB);
    baselines = [...baselines, analysis.baseline / MB];
    samples += analysis.peak.samples;
    console.log(`image rep ${rep + 1}/${repetitions}: raw ${rawMs.toFixed(0)} ms, analysis ${analysis.ms.toFixed(0)} ms (${(analysis.ms / rawMs).toFixed(2)}x), heap peak ${(analysis.peak.heapUsed / MB).toFixed(1)} MB, rss peak ${(analysis.peak.rss / MB).toFixed(0)} MB`);
  }

  const gb = rawBytes / 1e9;
  const rate = (ms: number[]) => `${(gb / (median(ms) / 1000)).toFixed(2)} GB/s`;
  const streamed = (total: number[], first: number[]) => total.map((ms, index) => ms - first[index]);
  report({ id: 'image-read-raw', measure: `(13) raw GET /images/{name}/get of a ${gb.toFixed(2)} GB, 40-layer image, read and discarded`, unit: 'ms', samples: raw, note: `${rawBytes} bytes; median ${rate(raw)}; node http on the engine's socket; first byte after ${median(rawFirstByte).toFixed(0)} ms, then ${median(streamed(raw, rawFirstByte)).toFixed(0)} ms of streaming; this process's CPU ${median(rawCpu).toFixed(0)} ms` });
  report({ id: 'image-analyse', measure: '(13) analyseImage of the same image (the extension\'s client, reader and analysis)', unit: 'ms', samples: analysed, note: `median ${rate(analysed)}; first byte after ${median(analysisFirstByte).toFixed(0)} ms, then ${median(streamed(analysed, analysisFirstByte)).toFixed(0)} ms of streaming and analysis; this process's CPU ${median(analysisCpu).toFixed(0)} ms; ${checked}` });
  const streamRatios = streamed(analysed, analysisFirstByte).map((ms, index) => ms / streamed(raw, rawFirstByte)[index]);
  report({ id: 'image-analyse-stream-ratio', measure: '(13b) same, from the first byte on: the streaming part alone', unit: 'x', samples: streamRatios, note: "the engine's wait before its first byte taken off both" });
  report({ id: 'image-analyse-ratio', measure: '(13) analysis over raw read, same round', unit: 'x', samples: ratios, note: 'each round: one raw read and one analysis, the order alternating' });
  report({ id: 'image-client-ratio', measure: "(13c) the extension's client stream alone (no reader), read and discarded, over the raw read", unit: 'x', samples: clientRatios, note: `median ${median(clientOnly).toFixed(0)} ms; after each round's raw read and analysis` });
  report({ id: 'image-analyse-heap', measure: '(13) peak heapUsed during the analysis, sampled every 50 ms', unit: 'MB', samples: heapPeaks, note: `heapUsed after a full GC before each analysis: ${baselines.map((mb) => mb.toFixed(1)).join(', ')} MB; growth to the peak median ${median(heapGrowth).toFixed(1)} MB; ${samples} samples in all` });
  report({ id: 'image-analyse-rss', measure: '(13) peak rss of the process during the analysis', unit: 'MB', samples: rssPeaks });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
