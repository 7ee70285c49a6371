// The checks at the boundary that turn the engine's `unknown` JSON into our own types
// (engineTypes.ts).
//
// Policy: a value that is not the right kind of thing at the top (not an object, no Id, an error
// body) is rejected with a reason; an optional field that is missing or of the wrong type is
// treated as absent, because engines differ (old Docker, newer Docker, Podman's compatible API).

import type { ContainerListEntry, EngineInfo, EngineVersion, ContainerState, HostConfig, ContainerConfig, PortBinding, EndpointSettings, NetworkSettings, ContainerInspect, ImageInspect, ImageHistoryEntry, ContainerTop, CpuSample, StatsFrame } from './engineTypes';
import { type JsonRecord, type Parsed, isRecord, string, nonEmptyString, number, boolean, record, array, records, isStringArray, stringArray, commandArray, stringRecord, nonEmptyArrayLength, isErrorBody, failure } from './jsonFields';

export type * from './engineTypes';
export type { Parsed } from './jsonFields';

export function parseContainerList(raw: unknown): Parsed<ContainerListEntry[]> {
  if (!Array.isArray(raw)) return failure('the container list is not an array', raw);
  const entries: ContainerListEntry[] = [];
  for (const item of raw) {
    const entry = parseContainerListEntry(item);
    if (entry) entries.push(entry);
  }
  return { ok: true, value: entries };
}

function parseContainerListEntry(raw: unknown): ContainerListEntry | undefined {
  if (!isRecord(raw)) return undefined;
  const id = nonEmptyString(raw, 'Id');
  if (id === undefined) return undefined;
  return {
    Id: id,
    Names: stringArray(raw, 'Names') ?? [],
    Image: string(raw, 'Image'),
    State: string(raw, 'State'),
    Status: string(raw, 'Status'),
    Labels: stringRecord(raw, 'Labels'),
    Ports: records(raw, 'Ports').flatMap((port) => {
      const privatePort = number(port, 'PrivatePort');
      if (privatePort === undefined) return [];
      return [{ IP: string(port, 'IP'), PrivatePort: privatePort, PublicPort: number(port, 'PublicPort'), Type: string(port, 'Type') ?? 'tcp' }];
    }),
    Created: number(raw, 'Created'),
  };
}

export function parseEngineInfo(raw: unknown): Parsed<EngineInfo> {
  if (!isRecord(raw)) return failure('the engine info is not an object', raw);
  if (isErrorBody(raw)) return failure('the engine answered with an error', raw);
  return {
    ok: true,
    value: {
      Name: string(raw, 'Name'),
      NCPU: number(raw, 'NCPU'),
      MemTotal: number(raw, 'MemTotal'),
      Architecture: string(raw, 'Architecture'),
      OperatingSystem: string(raw, 'OperatingSystem'),
      OSVersion: string(raw, 'OSVersion'),
      OSType: string(raw, 'OSType'),
      KernelVersion: string(raw, 'KernelVersion'),
      ServerVersion: string(raw, 'ServerVersion'),
      Driver: string(raw, 'Driver'),
      DriverStatus: array(raw, 'DriverStatus').filter(isStringArray),
      CgroupDriver: string(raw, 'CgroupDriver'),
      CgroupVersion: string(raw, 'CgroupVersion'),
      ID: nonEmptyString(raw, 'ID')?.trim() || undefined,
      Runtimes: Object.keys(record(raw, 'Runtimes') ?? {}),
      DefaultRuntime: string(raw, 'DefaultRuntime'),
      ContainerdCommitId: nonEmptyString(record(raw, 'ContainerdCommit') ?? {}, 'ID'),
      RuncCommitId: nonEmptyString(record(raw, 'RuncCommit') ?? {}, 'ID'),
      SecurityOptions: stringArray(raw, 'SecurityOptions') ?? [],
      Labels: stringArray(raw, 'Labels') ?? [],
    },
  };
}

export function parseEngineVersion(raw: unknown): Parsed<EngineVersion> {
  if (!isRecord(raw)) return failure('the engine version is not an object', raw);
  if (isErrorBody(raw)) return failure('the engine answered with an error', raw);
  return {
    ok: true,
    value: {
      Version: string(raw, 'Version'),
      ApiVersion: string(raw, 'ApiVersion'),
      PlatformName: nonEmptyString(record(raw, 'Platform') ?? {}, 'Name'),
      Components: records(raw, 'Components').flatMap((component) => {
        const name = string(component, 'Name');
        return name === undefined ? [] : [{ Name: name, Version: string(component, 'Version') }];
      }),
    },
  };
}

export function parseContainerInspect(raw: unknown): Parsed<ContainerInspect> {
  if (!isRecord(raw)) return failure('the container inspect is not an object', raw);
  if (isErrorBody(raw)) return failure('the engine answered with an error', raw);
  const id = nonEmptyString(raw, 'Id');
  if (id === undefined) return failure('the container inspect has no Id', raw);
  const state = record(raw, 'State');
  if (state === undefined) return failure('the container inspect has no State', raw);
  return {
    ok: true,
    value: {
      Id: id,
      Name: string(raw, 'Name') ?? '',
      Created: string(raw, 'Created'),
      Path: string(raw, 'Path'),
      Args: stringArray(raw, 'Args') ?? [],
      State: parseState(state),
      Image: string(raw, 'Image'),
      RestartCount: number(raw, 'RestartCount'),
      AppArmorProfile: string(raw, 'AppArmorProfile'),
      HostConfig: parseHostConfig(record(raw, 'HostConfig') ?? {}),
      Config: parseContainerConfig(record(raw, 'Config') ?? {}),
      Mounts: records(raw, 'Mounts').map((mount) => ({
        Type: string(mount, 'Type'),
        Name: string(mount, 'Name'),
        Source: string(mount, 'Source'),
        Destination: string(mount, 'Destination'),
        Mode: string(mount, 'Mode'),
        RW: boolean(mount, 'RW'),
      })),
      NetworkSettings: parseNetworkSettings(record(raw, 'NetworkSettings') ?? {}),
    },
  };
}

function parseState(state: JsonRecord): ContainerState {
  const health = record(state, 'Health');
  return {
    Status: string(state, 'Status'),
    Running: boolean(state, 'Running'),
    Paused: boolean(state, 'Paused'),
    Restarting: boolean(state, 'Restarting'),
    OOMKilled: boolean(state, 'OOMKilled'),
    ExitCode: number(state, 'ExitCode'),
    Error: string(state, 'Error'),
    StartedAt: string(state, 'StartedAt'),
    FinishedAt: string(state, 'FinishedAt'),
    Health: health && {
      Status: string(health, 'Status'),
      FailingStreak: number(health, 'FailingStreak'),
      Log: records(health, 'Log').map((entry) => ({
        Start: string(entry, 'Start'),
        End: string(entry, 'End'),
        ExitCode: number(entry, 'ExitCode'),
        Output: string(entry, 'Output'),
      })),
    },
  };
}

function parseHostConfig(host: JsonRecord): HostConfig {
  const restart = record(host, 'RestartPolicy');
  return {
    Runtime: string(host, 'Runtime'),
    NetworkMode: string(host, 'NetworkMode'),
    PidMode: string(host, 'PidMode'),
    IpcMode: string(host, 'IpcMode'),
    UTSMode: string(host, 'UTSMode'),
    UsernsMode: string(host, 'UsernsMode'),
    CgroupnsMode: string(host, 'CgroupnsMode'),
    NanoCpus: number(host, 'NanoCpus'),
    CpuQuota: number(host, 'CpuQuota'),
    CpuPeriod: number(host, 'CpuPeriod'),
    CpuShares: number(host, 'CpuShares'),
    CpusetCpus: string(host, 'CpusetCpus'),
    Memory: number(host, 'Memory'),
    MemorySwap: number(host, 'MemorySwap'),
    PidsLimit: number(host, 'PidsLimit'),
    CapAdd: stringArray(host, 'CapAdd') ?? [],
    CapDrop: stringArray(host, 'CapDrop') ?? [],
    Privileged: boolean(host, 'Privileged'),
    ReadonlyRootfs: boolean(host, 'ReadonlyRootfs'),
    SecurityOpt: stringArray(host, 'SecurityOpt') ?? [],
    RestartPolicy: restart && { Name: string(restart, 'Name'), MaximumRetryCount: number(restart, 'MaximumRetryCount') },
    Tmpfs: stringRecord(host, 'Tmpfs'),
    Init: boolean(host, 'Init'),
  };
}

function parseContainerConfig(config: JsonRecord): ContainerConfig {
  return {
    Hostname: string(config, 'Hostname'),
    User: string(config, 'User'),
    Env: stringArray(config, 'Env') ?? [],
    Cmd: commandArray(config, 'Cmd'),
    Entrypoint: commandArray(config, 'Entrypoint'),
    Image: string(config, 'Image'),
    WorkingDir: string(config, 'WorkingDir'),
    Labels: stringRecord(config, 'Labels'),
  };
}

function parseNetworkSettings(settings: JsonRecord): NetworkSettings {
  const ports: Record<string, PortBinding[] | null> = {};
  for (const [port, bindings] of Object.entries(record(settings, 'Ports') ?? {})) {
    ports[port] = Array.isArray(bindings)
      ? bindings.filter(isRecord).map((binding) => ({ HostIp: string(binding, 'HostIp'), HostPort: string(binding, 'HostPort') }))
      : null;
  }
  const networks: Record<string, EndpointSettings> = {};
  for (const [name, endpoint] of Object.entries(record(settings, 'Networks') ?? {})) {
    if (!isRecord(endpoint)) continue;
    networks[name] = { IPAddress: string(endpoint, 'IPAddress'), GlobalIPv6Address: string(endpoint, 'GlobalIPv6Address') };
  }
  return { Ports: ports, Networks: networks };
}

export function parseImageInspect(raw: unknown): Parsed<ImageInspect> {
  if (!isRecord(raw)) return failure('the image inspect is not an object', raw);
  if (isErrorBody(raw)) return failure('the engine answered with an error', raw);
  const id = nonEmptyString(raw, 'Id');
  if (id === undefined) return failure('the image inspect has no Id', raw);
  const rootFs = record(raw, 'RootFS');
  return {
    ok: true,
    value: {
      Id: id,
      RepoTags: stringArray(raw, 'RepoTags') ?? [],
      Size: number(raw, 'Size'),
      Os: string(raw, 'Os'),
      Architecture: string(raw, 'Architecture'),
      Variant: nonEmptyString(raw, 'Variant'),
      Created: string(raw, 'Created'),
      RootFSLayers: rootFs && stringArray(rootFs, 'Layers'),
      Labels: stringRecord(record(raw, 'Config') ?? {}, 'Labels'),
    },
  };
}

export function parseImageHistory(raw: unknown): Parsed<ImageHistoryEntry[]> {
  if (!Array.isArray(raw)) return failure('the image history is not an array', raw);
  if (!raw.every(isRecord)) return failure('the image history has entries that are not objects', raw);
  return {
    ok: true,
    value: raw.map((entry) => ({
      Id: string(entry, 'Id') ?? '<missing>',
      Created: number(entry, 'Created'),
      CreatedBy: string(entry, 'CreatedBy') ?? '',
      Size: number(entry, 'Size'),
      Comment: string(entry, 'Comment') ?? '',
      Tags: stringArray(entry, 'Tags') ?? [],
    })),
  };
}

export function parseContainerTop(raw: unknown): Parsed<ContainerTop> {
  if (!isRecord(raw)) return failure('the process list is not an object', raw);
  if (isErrorBody(raw)) return failure('the engine answered with an error', raw);
  const titles = stringArray(raw, 'Titles');
  const processes = raw.Processes;
  if (titles === undefined) return failure('the process list has no Titles', raw);
  // An idle container may report Processes: null.
  if (processes !== null && processes !== undefined && !Array.isArray(processes)) {
    return failure('the process list has no Processes array', raw);
  }
  return { ok: true, value: { Titles: titles, Processes: (processes ?? []).filter(isStringArray) } };
}

export function parseStatsFrame(raw: unknown): Parsed<StatsFrame> {
  if (!isRecord(raw)) return failure('the stats frame is not an object', raw);
  if (isErrorBody(raw)) return failure('the engine answered with an error', raw);
  const memory = record(raw, 'memory_stats') ?? {};
  const counters: Record<string, number> = {};
  for (const [key, value] of Object.entries(record(memory, 'stats') ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) counters[key] = value;
  }
  return {
    ok: true,
    value: {
      cpu: parseCpuSample(record(raw, 'cpu_stats')),
      precpu: parseCpuSample(record(raw, 'precpu_stats')),
      readMs: timeMs(raw.read),
      prereadMs: timeMs(raw.preread),
      memoryUsage: number(memory, 'usage'),
      memoryLimit: number(memory, 'limit'),
      memoryCounters: counters,
      pids: number(record(raw, 'pids_stats') ?? {}, 'current'),
      ...networkTotals(record(raw, 'networks')),
      ...blockTotals(records(record(raw, 'blkio_stats') ?? {}, 'io_service_bytes_recursive')),
    },
  };
}

/** Bytes in and out over every interface; nothing when the frame has no interface with numbers. */
function networkTotals(networks: JsonRecord | undefined): Pick<StatsFrame, 'networkRxBytes' | 'networkTxBytes'> {
  let rx: number | undefined;
  let tx: number | undefined;
  for (const value of Object.values(networks ?? {})) {
    if (!isRecord(value)) continue;
    const inBytes = number(value, 'rx_bytes');
    const outBytes = number(value, 'tx_bytes');
    if (inBytes !== undefined) rx = (rx ?? 0) + inBytes;
    if (outBytes !== undefined) tx = (tx ?? 0) + outBytes;
  }
  return { networkRxBytes: rx, networkTxBytes: tx };
}

/** Read and written bytes over every device. An empty list (cgroup v1 before any I/O, some v2 engines) is no figure. */
function blockTotals(entries: JsonRecord[]): Pick<StatsFrame, 'blockReadBytes' | 'blockWriteBytes'> {
  let read: number | undefined;
  let write: number | undefined;
  for (const entry of entries) {
    const op = string(entry, 'op')?.toLowerCase();
    const value = number(entry, 'value');
    if (value === undefined) continue;
    if (op === 'read') read = (read ?? 0) + value;
    else if (op === 'write') write = (write ?? 0) + value;
  }
  return { blockReadBytes: read, blockWriteBytes: write };
}

/** An RFC 3339 time -> epoch ms; Docker's "no time" (year 1) and garbage are undefined. */
function timeMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function parseCpuSample(sample: JsonRecord | undefined): CpuSample {
  if (sample === undefined) return {};
  const usage = record(sample, 'cpu_usage') ?? {};
  return {
    totalUsage: number(usage, 'total_usage'),
    percpuUsageCount: nonEmptyArrayLength(usage, 'percpu_usage'),
    systemCpuUsage: number(sample, 'system_cpu_usage'),
    onlineCpus: number(sample, 'online_cpus'),
  };
}
