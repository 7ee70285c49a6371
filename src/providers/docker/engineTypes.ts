// Our own types for the Docker Engine JSON we use. Field names stay the engine's so fact sources
// read like the API reference. `contracts.ts` turns `unknown` into these at the boundary.

// ---- GET /containers/json ----

export interface ListPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

export interface ContainerListEntry {
  Id: string;
  Names: string[];
  Image?: string;
  State?: string;
  Status?: string;
  Labels: Record<string, string>;
  Ports: ListPort[];
  Created?: number;
}

// ---- GET /info and GET /version ----

export interface EngineInfo {
  Name?: string;
  NCPU?: number;
  MemTotal?: number;
  Architecture?: string;
  OperatingSystem?: string;
  OSVersion?: string;
  OSType?: string;
  KernelVersion?: string;
  ServerVersion?: string;
  Driver?: string;
  DriverStatus: string[][];
  CgroupDriver?: string;
  CgroupVersion?: string;
  /** The engine's own ID: one engine reached through two endpoints gives the same one. */
  ID?: string;
  /** Names only: the engine's map of runtime name to runtime description. */
  Runtimes: string[];
  DefaultRuntime?: string;
  ContainerdCommitId?: string;
  RuncCommitId?: string;
  SecurityOptions: string[];
  Labels: string[];
}

export interface VersionComponent {
  Name: string;
  Version?: string;
}

export interface EngineVersion {
  Version?: string;
  ApiVersion?: string;
  PlatformName?: string;
  Components: VersionComponent[];
}

// ---- GET /containers/{id}/json ----

export interface HealthLogEntry {
  Start?: string;
  End?: string;
  ExitCode?: number;
  Output?: string;
}

export interface ContainerHealth {
  Status?: string;
  FailingStreak?: number;
  Log: HealthLogEntry[];
}

export interface ContainerState {
  Status?: string;
  Running?: boolean;
  Paused?: boolean;
  Restarting?: boolean;
  OOMKilled?: boolean;
  ExitCode?: number;
  Error?: string;
  StartedAt?: string;
  FinishedAt?: string;
  Health?: ContainerHealth;
}

export interface RestartPolicy {
  Name?: string;
  MaximumRetryCount?: number;
}

export interface HostConfig {
  Runtime?: string;
  NetworkMode?: string;
  PidMode?: string;
  IpcMode?: string;
  UTSMode?: string;
  UsernsMode?: string;
  CgroupnsMode?: string;
  NanoCpus?: number;
  CpuQuota?: number;
  CpuPeriod?: number;
  CpuShares?: number;
  CpusetCpus?: string;
  Memory?: number;
  MemorySwap?: number;
  /** Absent when the engine sent null (no limit). */
  PidsLimit?: number;
  CapAdd: string[];
  CapDrop: string[];
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  SecurityOpt: string[];
  RestartPolicy?: RestartPolicy;
  Tmpfs: Record<string, string>;
  Init?: boolean;
}

export interface ContainerConfig {
  Hostname?: string;
  User?: string;
  Env: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  Image?: string;
  WorkingDir?: string;
  Labels: Record<string, string>;
}

export interface MountPoint {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  Mode?: string;
  RW?: boolean;
}

export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

export interface EndpointSettings {
  IPAddress?: string;
  GlobalIPv6Address?: string;
}

export interface NetworkSettings {
  /** "8080/tcp" -> bindings; null when the port is exposed but not published. */
  Ports: Record<string, PortBinding[] | null>;
  Networks: Record<string, EndpointSettings>;
}

export interface ContainerInspect {
  Id: string;
  Name: string;
  Created?: string;
  Path?: string;
  Args: string[];
  State: ContainerState;
  Image?: string;
  RestartCount?: number;
  AppArmorProfile?: string;
  HostConfig: HostConfig;
  Config: ContainerConfig;
  Mounts: MountPoint[];
  NetworkSettings: NetworkSettings;
}

// ---- GET /images/{id}/json, /history; GET /containers/{id}/top ----

export interface ImageInspect {
  Id: string;
  RepoTags: string[];
  Size?: number;
  Os?: string;
  Architecture?: string;
  Variant?: string;
  Created?: string;
  RootFSLayers?: string[];
  Labels: Record<string, string>;
}

export interface ImageHistoryEntry {
  /** "<missing>" for layers built elsewhere or by BuildKit: kept as the engine gives it. */
  Id: string;
  Created?: number;
  CreatedBy: string;
  Size?: number;
  Comment: string;
  Tags: string[];
}

export interface ContainerTop {
  Titles: string[];
  Processes: string[][];
}

// ---- GET /containers/{id}/stats (one frame) ----

export interface CpuSample {
  totalUsage?: number;
  percpuUsageCount?: number;
  systemCpuUsage?: number;
  onlineCpus?: number;
}

export interface StatsFrame {
  cpu: CpuSample;
  precpu: CpuSample;
  /** Epoch ms of `read` and `preread` (the time of the precpu sample), when the frame carries them. */
  readMs?: number;
  prereadMs?: number;
  memoryUsage?: number;
  memoryLimit?: number;
  /** cgroup memory.stat counters (v1: cache, total_inactive_file...; v2: inactive_file, anon...). */
  memoryCounters: Record<string, number>;
  pids?: number;
  /** Sums over the container's interfaces (`networks`); undefined when the frame lists none (network mode host or none). */
  networkRxBytes?: number;
  networkTxBytes?: number;
  /** Sums of blkio_stats.io_service_bytes_recursive (cgroup v1 "Read"/"Write", v2 "read"/"write"). */
  blockReadBytes?: number;
  blockWriteBytes?: number;
}
