// A stand-in for virsh in unit tests: answers each command of a batch (or a single command) from
// recorded outputs, echoes markers like virsh's `echo`, and counts processes per URI.
import type { ToolResult, ToolRun } from '../../src/providers/exec/runTool';

/** Output per URI per command line (e.g. 'list --all --uuid --name'), or a failure for the URI. */
export interface FakeVirshScript {
  [uri: string]: { fail: ToolResult & { ok: false } } | { outputs: Record<string, string> };
}

export class FakeVirsh {
  readonly calls: { uri: string; args: string[] }[] = [];

  constructor(private readonly script: FakeVirshScript) {}

  processesFor(uri: string): number {
    return this.calls.filter((call) => call.uri === uri).length;
  }

  readonly runner = async (run: ToolRun): Promise<ToolResult> => {
    const args = [...run.args];
    if (args[0] === '--version') return { ok: true, stdout: '9.0.0\n', stdoutBytes: Buffer.from(''), stderr: '' };
    const uri = args[args.indexOf('-c') + 1];
    this.calls.push({ uri, args });
    const entry = this.script[uri];
    if (!entry) return { ok: false, kind: 'failed', message: `virsh: no script for ${uri}`, stderr: 'error: failed to connect to the hypervisor', exitCode: 1 };
    if ('fail' in entry) return entry.fail;
    const commandArgs = args.slice(args.indexOf('-c') + 2);
    const commands = commandArgs.length === 1 ? commandArgs[0].split(' ; ') : [commandArgs.join(' ')];
    let stdout = '';
    let stderr = '';
    for (const command of commands) {
      if (command.startsWith('echo ')) stdout += `${command.slice(5)}\n`;
      else if (command in entry.outputs) stdout += entry.outputs[command];
      else stderr += unknownCommandError(command);
    }
    return { ok: true, stdout, stdoutBytes: Buffer.from(stdout), stderr: stderr.trim() };
  };
}

/** virsh's words for a domain it does not know; anything else unscripted is flagged as such. */
function unknownCommandError(command: string): string {
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(command)?.[0];
  return uuid ? `error: failed to get domain '${uuid}'\n` : `error: unscripted command: ${command}\n`;
}
