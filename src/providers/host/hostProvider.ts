// "This machine" as a WorkloadProvider: one workload, the host itself, whose stack says whether
// it is bare metal, a VM (naming the hypervisor) or a container, with the evidence.
import * as os from 'os';
import type { LiveStats, Stack, WorkloadRef } from '../../shared/model';
import { type Closeable, type ListResult, type WorkloadProvider, WorkloadGoneError, type WorkloadAction } from '../provider';
import { classifyHost, describePlatform, type HostPlatform } from './classify';
import { collectHostEvidence } from './collectEvidence';
import { type HostFacts, readHostFacts } from './hostFacts';
import { type HostSources, nodeHostSources } from './hostFiles';
import { buildHostStack, HOST_REF } from './hostStack';
import { sampleHostStats } from './hostStats';
import { hostProbeTarget } from './hostProbe';
import type { ProbeTarget } from '../probeTarget';

/** Reads every signal again: a few dozen small files, a few milliseconds. */
export function detectHostPlatform(sources: HostSources = nodeHostSources()): HostPlatform {
  return classifyHost(collectHostEvidence(sources));
}

/** Node's view, for systems (or kernels) without the /proc and /etc files. */
function osModuleFacts(): HostFacts {
  const cpus = os.cpus();
  const facts: HostFacts = {
    memoryBytes: { value: os.totalmem(), source: 'os.totalmem()' },
    kernel: { value: os.release(), source: 'os.release()' },
    architecture: { value: os.machine(), source: 'os.machine()' },
    osName: { value: os.version() || os.type(), source: 'os.version()' },
  };
  if (cpus.length > 0) {
    facts.cpuCount = { value: cpus.length, source: 'os.cpus()' };
    facts.cpuModel = { value: cpus[0].model, source: 'os.cpus()' };
  }
  return facts;
}

export interface HostProviderOptions {
  sources?: HostSources;
  hostname?: () => string;
}

export class HostProvider implements WorkloadProvider {
  readonly id = 'host';
  readonly label = 'This machine';
  readonly workloadKind = 'host' as const;

  private readonly sources: HostSources;
  private readonly hostname: () => string;

  constructor(options: HostProviderOptions = {}) {
    this.sources = options.sources ?? nodeHostSources();
    this.hostname = options.hostname ?? (() => os.hostname());
  }

  /** What this machine runs on, read fresh: the Docker provider draws it under a local engine. */
  platform(): HostPlatform {
    return detectHostPlatform(this.sources);
  }

  async list(): Promise<ListResult> {
    const platform = this.platform();
    const facts = this.facts();
    const image = [describePlatform(platform), facts.osShortName ?? facts.osName?.value].filter(Boolean).join(' · ');
    const resources: { vcpus?: number; memoryBytes?: number } = {};
    if (facts.cpuCount) resources.vcpus = facts.cpuCount.value;
    if (facts.memoryBytes) resources.memoryBytes = facts.memoryBytes.value;
    return {
      ok: true,
      endpoint: 'local',
      workloads: [
        {
          ref: { ...HOST_REF },
          name: this.hostname(),
          image,
          state: 'running',
          status: `${describePlatform(platform)} (${platform.confidence} confidence)`,
          ports: [],
          created: this.bootTime(),
          resources,
        },
      ],
    };
  }

  async inspectStack(ref: WorkloadRef): Promise<Stack> {
    this.assertLocal(ref);
    return buildHostStack({ platform: this.platform(), facts: this.facts(), hostname: this.hostname(), readAt: new Date().toISOString() });
  }

  async inspectRaw(ref: WorkloadRef): Promise<unknown> {
    this.assertLocal(ref);
    return { platform: this.platform(), facts: this.facts() };
  }

  /** Nothing about this machine changes in a way worth watching: no events, nothing to close. */
  watch(): Closeable {
    return { close: () => undefined };
  }

  streamStats(ref: WorkloadRef, onStats: (stats: LiveStats) => void, onEnd: (error?: Error) => void): Closeable {
    if (!isLocal(ref)) {
      onEnd(new WorkloadGoneError(ref));
      return { close: () => undefined };
    }
    return sampleHostStats(this.sources.files, onStats);
  }

  /** The baseline of the overhead lab: the probe as a plain process of this machine. */
  probeTarget(): ProbeTarget {
    return hostProbeTarget();
  }

  async runAction(_ref: WorkloadRef, _action: WorkloadAction): Promise<void> {
    throw new Error('This machine has no actions.');
  }

  actionsFor(): readonly WorkloadAction[] {
    return [];
  }

  private facts(): HostFacts {
    return readHostFacts(this.sources.files, osModuleFacts());
  }

  /** Unix seconds of the last boot (btime of /proc/stat); 0 when unknown. */
  private bootTime(): number {
    const match = /^btime\s+(\d+)$/m.exec(this.sources.files.readText('/proc/stat') ?? '');
    const seconds = match ? Number(match[1]) : 0;
    return Number.isFinite(seconds) ? seconds : 0; // 400 digits are Infinity
  }

  private assertLocal(ref: WorkloadRef): void {
    if (!isLocal(ref)) throw new WorkloadGoneError(ref);
  }
}

function isLocal(ref: WorkloadRef): boolean {
  return ref.kind === HOST_REF.kind && ref.providerId === HOST_REF.providerId && ref.id === HOST_REF.id;
}
