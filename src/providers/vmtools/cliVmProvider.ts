// One WorkloadProvider for every VM tool that is driven through its command line (VBoxManage,
// vmrun, PowerShell's Get-VM, wsl, multipass, limactl, colima, prlctl, utmctl, podman, vagrant).
// What differs per tool is a ToolDefinition; everything runs through runTool: arrays, timeouts.
import { placeOnThisMachine } from '../host/placeOnHost';
import type { Layer, LiveStats, Stack, WorkloadRef } from '../../shared/model';
import { runTool } from '../exec/runTool';
import {
  type Availability,
  type Closeable,
  type Diagnosis,
  type ListResult,
  type Logger,
  type VmAction,
  type WorkloadAction,
  type WorkloadProvider,
  type WorkloadState,
  type WorkloadSummary,
  WorkloadGoneError,
} from '../provider';
import { type LookupContext, currentLookupContext, findExecutable } from './findExecutable';
import { readHostFacts } from '../host/hostFacts';
import { nodeHostFiles } from '../host/hostFiles';
import { hostHardwareLayer, hostOsLayer } from '../host/localHostLayers';
import { mergeDetails, type ParsedVm } from './parsedVm';
import type { ReadOutcome, ToolDefinition, ToolExec } from './toolDefinition';
import { buildVmStack } from './vmStack';
import { errorStack } from './errorStack';

export interface CliVmProviderOptions {
  /** Platform and environment used to find and run the tool (tests point PATH at a fake). */
  lookup?: () => LookupContext;
  listTimeoutMs?: number;
  actionTimeoutMs?: number;
  /** How often `watch` re-lists to notice changes made outside the editor; 0 turns it off. */
  pollIntervalMs?: number;
  log?: Logger;
  /** What this machine runs on (e.g. a VM's hypervisor), drawn under the host OS of its VMs. */
  localHostHypervisor?: () => Layer | undefined;
}

const DEFAULT_LIST_TIMEOUT_MS = 15_000;
const DEFAULT_ACTION_TIMEOUT_MS = 120_000;
const DEFAULT_POLL_MS = 30_000;
const VERSION_TIMEOUT_MS = 5_000;
/** A VM list is small; a tool printing more than this has gone wrong. */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

const ACTIONS_BY_STATE: Record<WorkloadState, readonly VmAction[]> = {
  running: ['shutdown', 'reboot', 'pause', 'forceOff'],
  restarting: ['forceOff'],
  paused: ['resume', 'forceOff'],
  exited: ['start'],
  created: ['start'],
  dead: ['start', 'forceOff'],
  removing: [],
  unknown: ['start', 'shutdown', 'forceOff'],
};

export class CliVmProvider implements WorkloadProvider {
  readonly workloadKind = 'vm' as const;

  constructor(
    readonly definition: ToolDefinition,
    private readonly options: CliVmProviderOptions = {},
  ) {}

  get id(): string {
    return this.definition.id;
  }

  get label(): string {
    return this.definition.label;
  }

  /** Whether the tool is installed (a PATH lookup); where its VMs are optional, whether it lists one. */
  async availability(options: { mayRunPrograms?: boolean } = {}): Promise<Availability> {
    const exec = this.exec();
    if (!exec) return { available: false, reason: this.missingReason() };
    // In Restricted Mode nothing runs: the row says the tool waits for trust.
    if (!this.definition.shownOnlyWithVms?.includes(this.context().platform) || options.mayRunPrograms === false) return { available: true };
    const listed = await this.definition.readList(exec);
    if (listed.ok && listed.vms.length > 0) return { available: true };
    const why = listed.ok ? 'it lists none' : `it refuses to list them here: ${listed.error.split('\n')[0].slice(0, 200)}`;
    return { available: false, reason: `No ${this.label} VMs on this ${this.context().platform} machine (${why}).` };
  }

  listingProgram(): string {
    return this.executable() ?? this.definition.label;
  }

  async list(): Promise<ListResult> {
    const exec = this.exec();
    if (!exec) return { ok: false, diagnosis: this.missingDiagnosis(), endpoint: this.label };
    const outcome = await this.definition.readList(exec);
    if (!outcome.ok) {
      this.options.log?.warn(`${this.id}: ${outcome.error}`);
      return { ok: false, diagnosis: this.diagnosis(outcome), endpoint: exec.executable };
    }
    return { ok: true, workloads: outcome.vms.map((vm) => this.summary(vm)), endpoint: exec.executable };
  }

  /** Never throws but for a VM that is gone: a tool failure becomes a diagram that says so. */
  async inspectStack(ref: WorkloadRef): Promise<Stack> {
    const readAt = new Date().toISOString();
    const host = readHostFacts(nodeHostFiles());
    const [hardware, hostOs] = [hostHardwareLayer(host), hostOsLayer(host)];
    const exec = this.exec();
    if (!exec) return errorStack({ ref, product: this.label, reason: this.missingDiagnosis().message, hardware, hostOs, readAt });
    const listed = await this.definition.readList(exec);
    if (!listed.ok) return errorStack({ ref, product: this.label, reason: listed.error, hardware, hostOs, readAt });
    const vm = listed.vms.find((candidate) => candidate.id === ref.id);
    if (!vm) throw new WorkloadGoneError(ref);
    const [details, version] = await Promise.all([this.readDetails(vm, exec), this.readVersion(exec)]);
    const stack = buildVmStack({
      ref,
      vm: details.vm,
      product: this.label,
      executable: exec.executable,
      version,
      accelerator: this.definition.accelerator,
      detailsError: details.error,
      guestOsHint: this.definition.guestOsHint,
      hardware,
      hostOs,
      readAt,
    });
    return placeOnThisMachine(stack, this.options.localHostHypervisor?.());
  }

  /** What the tool printed about the VM, for the read-only inspect editor. */
  /** A failed call of the tool, in its own terms. */
  explainError(error: unknown): string {
    const said = error instanceof Error ? error.message : String(error);
    return `${this.label}: ${said}`;
  }

  async inspectRaw(ref: WorkloadRef): Promise<unknown> {
    const exec = this.exec();
    if (!exec) return { error: this.missingDiagnosis().message };
    const listed = await this.definition.readList(exec);
    if (!listed.ok) return { error: listed.error };
    const vm = listed.vms.find((candidate) => candidate.id === ref.id);
    if (!vm) throw new WorkloadGoneError(ref);
    return (await this.readDetails(vm, exec)).vm;
  }

  watch(onChange: (ref?: WorkloadRef) => void, onStatus: (connected: boolean) => void): Closeable {
    const interval = this.options.pollIntervalMs ?? DEFAULT_POLL_MS;
    if (interval <= 0 || !this.executable()) return { close: () => undefined };
    let last: string | undefined;
    let busy = false;
    let closed = false;
    const poll = async () => {
      if (busy || closed) return;
      busy = true;
      const result = await this.list();
      busy = false;
      if (closed) return;
      onStatus(result.ok);
      const signature = result.ok ? JSON.stringify(result.workloads.map((workload) => [workload.ref.id, workload.status])) : 'error';
      if (last !== undefined && signature !== last) onChange();
      last = signature;
    };
    const timer = setInterval(() => void poll(), interval);
    timer.unref();
    return {
      close: () => {
        closed = true;
        clearInterval(timer);
      },
    };
  }

  streamStats(_ref: WorkloadRef, _onStats: (stats: LiveStats) => void, onEnd: (error?: Error) => void): Closeable {
    const timer = setImmediate(() => onEnd(new Error(`${this.label} does not report live CPU and memory use through its command line.`)));
    return { close: () => clearImmediate(timer) };
  }

  actionsFor(state: WorkloadState): readonly WorkloadAction[] {
    return ACTIONS_BY_STATE[state].filter((action) => this.definition.actions[action] !== undefined);
  }

  actionWarning(_ref: WorkloadRef, action: WorkloadAction): string | undefined {
    return isVmAction(action) ? this.definition.hardActions?.[action] : undefined;
  }

  async runAction(ref: WorkloadRef, action: WorkloadAction): Promise<void> {
    const argv = isVmAction(action) ? this.definition.actions[action] : undefined;
    if (!argv) throw new Error(`${this.label} cannot ${action} a VM from here.`);
    // An id that looks like an option would be read as one by the tool.
    if (!ref.id || ref.id.startsWith('-')) throw new Error(`Refusing the VM id "${ref.id}": it is not a name the tool gave.`);
    const exec = this.exec();
    if (!exec) throw new Error(this.missingDiagnosis().message);
    const timeoutMs = this.definition.actionTimeoutMs ?? this.options.actionTimeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
    const result = await exec.run(argv(ref.id), { timeoutMs });
    if (!result.ok) throw new Error(result.message);
  }

  private async readDetails(vm: ParsedVm, exec: ToolExec): Promise<{ vm: ParsedVm; error?: string }> {
    if (!this.definition.readDetails) return { vm };
    const outcome: ReadOutcome = await this.definition.readDetails(vm, exec).catch((error: unknown) => ({ ok: false as const, error: String(error), kind: 'unknown' as const }));
    if (!outcome.ok) return { vm, error: outcome.error };
    const details = outcome.vms.find((candidate) => candidate.id === vm.id || candidate.id === '' || candidate.name === vm.name) ?? outcome.vms[0];
    return details ? { vm: mergeDetails(vm, details) } : { vm, error: 'the details named no VM' };
  }

  private async readVersion(exec: ToolExec): Promise<{ ok: true; text: string; source: string } | { ok: false; error: string } | undefined> {
    const args = this.definition.versionArgs;
    if (!args) return undefined;
    const result = await exec.run(args, { timeoutMs: VERSION_TIMEOUT_MS });
    if (!result.ok) return { ok: false, error: result.message };
    const line = result.stdout.split(/\r?\n/).find((text) => text.trim())?.trim();
    return line ? { ok: true, text: line.slice(0, 200), source: `${exec.executable} ${args.join(' ')}` } : { ok: false, error: 'no version printed' };
  }

  private summary(vm: ParsedVm): WorkloadSummary {
    const resources: WorkloadSummary['resources'] = {};
    if (vm.vcpus !== undefined) resources.vcpus = vm.vcpus;
    if (vm.memoryBytes !== undefined) resources.memoryBytes = vm.memoryBytes;
    return {
      ref: { kind: 'vm', providerId: this.id, id: vm.id },
      name: vm.name,
      image: vm.os ?? `${this.label} VM`,
      state: vm.state,
      status: vm.stateText,
      ports: [],
      created: 0,
      resources,
    };
  }

  private diagnosis(outcome: Extract<ReadOutcome, { ok: false }>): Diagnosis {
    const hint =
      outcome.kind === 'timeout'
        ? `${this.label} did not answer in time; check that it is not stuck, then refresh.`
        : outcome.kind === 'permission-denied'
          ? `Run the editor as a user allowed to manage ${this.label} VMs.`
          : `Run the same command in a terminal to see what ${this.label} says.`;
    return { kind: outcome.kind, message: outcome.error, hint };
  }

  private missingDiagnosis(): Diagnosis {
    return { kind: 'not-running', message: this.missingReason(), hint: `Install ${this.label} or put its command-line tool on PATH, or turn this provider off in the settings.` };
  }

  private missingReason(): string {
    if (this.candidates().length === 0) return `${this.label} does not run on ${this.context().platform}.`;
    return `${this.label}: ${this.candidates().join(' or ')} is not on PATH.`;
  }

  private exec(): ToolExec | undefined {
    const executable = this.executable();
    if (!executable) return undefined;
    const env = this.context().env;
    const listTimeoutMs = this.options.listTimeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
    return {
      executable,
      run: (args, options = {}) => runTool({ tool: executable, args, timeoutMs: options.timeoutMs ?? listTimeoutMs, maxBytes: MAX_OUTPUT_BYTES, encoding: options.encoding, env }),
    };
  }

  private executable(): string | undefined {
    const context = this.context();
    return findExecutable(this.candidates(), this.definition.installDirs?.[context.platform] ?? [], context);
  }

  private candidates(): readonly string[] {
    return this.definition.executables[this.context().platform] ?? [];
  }

  private context(): LookupContext {
    return (this.options.lookup ?? currentLookupContext)();
  }
}

function isVmAction(action: WorkloadAction): action is VmAction {
  return ['start', 'shutdown', 'forceOff', 'pause', 'resume', 'reboot'].includes(action);
}
