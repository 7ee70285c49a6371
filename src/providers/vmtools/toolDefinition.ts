// What makes one VM tool different from another, as data: where its executable lives, how to list,
// how to read one VM's details, and the argument arrays of its lifecycle verbs.
import type { Diagnosis, VmAction } from '../provider';
import type { ToolResult } from '../exec/runTool';
import type { ParsedVm, ParseResult } from './parsedVm';

/** The resolved executable, bound to runTool with the provider's environment and timeouts. */
export interface ToolExec {
  readonly executable: string;
  run(args: readonly string[], options?: { encoding?: 'buffer'; timeoutMs?: number }): Promise<ToolResult>;
}

export type ReadOutcome = { ok: true; vms: ParsedVm[] } | { ok: false; error: string; kind: Diagnosis['kind'] };

export interface ToolDefinition {
  /** Provider id, e.g. `virtualbox`. */
  id: string;
  /** The product, as its vendor names it. */
  label: string;
  /** Executable names to look for on PATH, per platform, in order of preference. */
  executables: Partial<Record<NodeJS.Platform, readonly string[]>>;
  /** Where installers put the executable when they leave PATH alone. */
  installDirs?: Partial<Record<NodeJS.Platform, readonly string[]>>;
  readList(exec: ToolExec): Promise<ReadOutcome>;
  /** One VM's details for its diagram; the list entry is what it completes. */
  readDetails?(vm: ParsedVm, exec: ToolExec): Promise<ReadOutcome>;
  /** Prints the product version on its first line. */
  versionArgs?: readonly string[];
  /** The accelerator when the VM's own facts do not name one. */
  accelerator: string;
  /** Argument arrays per verb; a verb the tool lacks is left out. Ids are checked before use. */
  actions: Partial<Record<VmAction, (id: string) => readonly string[]>>;
  /** Verbs whose only form in this tool is a hard one, with what it loses: these ask first. */
  hardActions?: Partial<Record<VmAction, string>>;
  /**
   * Platforms where the tool's VMs are optional, not the way it runs (Podman runs natively on
   * Linux, where its engine is its own source): there the source shows only when it lists a VM,
   * and a list the tool refuses (`podman machine` refuses root) means none, not an error row.
   */
  shownOnlyWithVms?: readonly NodeJS.Platform[];
  /** Why the guest OS band is empty and how to fill it. */
  guestOsHint: string;
  actionTimeoutMs?: number;
}

/** Runs one command and parses its standard output; failures of either kind become values. */
export async function runAndParse(exec: ToolExec, args: readonly string[], parse: (output: string) => ParseResult): Promise<ReadOutcome> {
  const result = await exec.run(args);
  if (!result.ok) return toolFailure(result);
  const outcome = parse(result.stdout);
  return outcome.ok ? outcome : { ok: false, error: outcome.error, kind: 'unknown' };
}

export function toolFailure(result: Extract<ToolResult, { ok: false }>): ReadOutcome {
  return { ok: false, error: result.message, kind: failureKind(result) };
}

function failureKind(result: Extract<ToolResult, { ok: false }>): Diagnosis['kind'] {
  if (result.kind === 'timeout') return 'timeout';
  if (result.kind === 'missing') return 'not-running';
  if (/permission denied|access is denied|requires elevation|not authorized|administrator/i.test(`${result.stderr} ${result.message}`)) return 'permission-denied';
  return 'unknown';
}

/** The same executable names on every desktop platform. */
export function onEveryPlatform(names: readonly string[]): ToolDefinition['executables'] {
  return { linux: names, darwin: names, win32: names, freebsd: names };
}
