// Where the overhead probe can run: this machine, a container, a VM. A provider that can place the
// probe in its workloads returns one of these; the overhead lab (src/overhead) drives it. Nothing
// here builds a shell string: the probe and its arguments travel as argv arrays.

/** What one run of the probe gave back. */
export interface ProbeOutput {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** The probe, copied into a workload and ready to run there. */
export interface InstalledProbe {
  /** The probe's path inside the workload. */
  readonly path: string;
  /** The directory file I/O is measured in: the workload's own filesystem where it can be. */
  readonly dir: string;
  /** Facts about the placement the results should carry, e.g. "through the volume /data". */
  readonly notes: readonly string[];
  /** Runs the probe with `args`; ends at `timeoutMs` or when `signal` aborts. */
  run(args: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutput>;
  /** Removes the probe and its directory; never throws (says what it could not remove). */
  remove(): Promise<string | undefined>;
}

export interface ProbeTarget {
  /** `uname -m` of the workload (x86_64, aarch64): picks the probe build. */
  architecture(): Promise<string>;
  /** Copies `probe` (the binary for that architecture) in; throws a sentence when it cannot. */
  install(probe: Uint8Array): Promise<InstalledProbe>;
  /**
   * What the user should know before agreeing about where the probe would go, when it is not the
   * workload's own file system (a directory of this machine shared into a container).
   */
  placementNote?(): Promise<string | undefined>;
  /** Where this machine can reach the workload over TCP, or why it cannot. */
  reachableAddress?(): Promise<ProbeAddress | { unreachable: string }>;
  /**
   * For a workload that is off: starts it and resolves once it is ready for the probe (a VM: its
   * guest agent answers), with the time that took; `restore` puts it back off afterwards.
   */
  bootToReady?(signal?: AbortSignal): Promise<BootedWorkload>;
  /** Times starting a fresh one of this kind of workload to ready, where the target can (milliseconds per run). */
  provision?(probe: Uint8Array, runs: number, signal?: AbortSignal): Promise<ProvisioningResult>;
}

export interface BootedWorkload {
  /** From the start request to ready. */
  ms: number;
  what: string;
  /** Powers it off again (it was off before the lab started it); says what could not be done. */
  restore(): Promise<string | undefined>;
}

/** Where the probe's echo server listens inside the workload, and where this machine connects. */
export interface ProbeAddress {
  bind: string;
  connect: string;
  /** What lies between, e.g. "through the docker0 bridge". */
  path?: string;
}

export interface ProvisioningResult {
  /** What was started, e.g. "a container from busybox:latest running the probe's no-op". */
  what: string;
  runsMs: number[];
}

/** Thrown with a sentence that says what was not measured and why. */
export class ProbeUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeUnavailableError';
  }
}

/** The probe's file name inside a workload; unique per run so two windows never collide. */
export function probeDirName(): string {
  return `.ws-probe-${Date.now().toString(36)}-${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
}
