// Every virsh call of the provider goes through here: `-c URI`, `-r` where reading suffices,
// the C locale (the parsers read English words), no session-daemon autostart, and batches of
// several virsh commands in ONE process so a refresh costs one or two processes per URI.
import { randomBytes } from 'crypto';
import type { ToolResult, ToolRun } from '../exec/runTool';

/** runTool's signature; tests pass a counting or recording runner. */
export type ToolRunner = (run: ToolRun) => Promise<ToolResult>;

export interface VirshOptions {
  /** Path or name of virsh. */
  virsh: string;
  timeoutMs: () => number;
  runner: ToolRunner;
}

/** One virsh command of a batch: a verb and arguments that are plain tokens (flags, UUIDs). */
export interface BatchCommand {
  section: string;
  words: readonly string[];
}

export type BatchResult = { ok: true; sections: Map<string, string>; stderr: string } | { ok: false; result: ToolResult & { ok: false } };

// virsh's own command parser reads the batch string: only characters it treats literally.
const SAFE_WORD = /^[A-Za-z0-9][\w.:=-]*$|^--[a-z][\w-]*$/;
const SAFE_SECTION = /^[a-z][\w-]*$/;

export class Virsh {
  constructor(private readonly options: VirshOptions) {}

  /** One virsh command with its arguments as an argv array (never parsed by anything). */
  run(uri: string, args: readonly string[], access: 'read' | 'write', timeoutMs = this.options.timeoutMs()): Promise<ToolResult> {
    return this.options.runner({
      tool: this.options.virsh,
      args: [...(access === 'read' ? ['-r'] : []), '-c', uri, ...args],
      timeoutMs,
      env: virshEnvironment(),
    });
  }

  /**
   * Several commands in one virsh process, each output preceded by a marker line with a random
   * nonce (so no domain name or XML text can fake one). A trailing marker makes the exit code
   * mean "could not connect" only: virsh carries on after a failing command and exits with the
   * status of the last one.
   */
  async batch(uri: string, commands: readonly BatchCommand[], access: 'read' | 'write'): Promise<BatchResult> {
    const nonce = randomBytes(8).toString('hex');
    const marker = (section: string) => `WS-${nonce}:${section}`;
    const script = [...commands.flatMap((command) => [`echo ${marker(command.section)}`, commandText(command)]), `echo ${marker('end')}`].join(' ; ');
    const result = await this.run(uri, [script], access);
    if (!result.ok) return { ok: false, result };
    return { ok: true, sections: splitSections(result.stdout, `WS-${nonce}:`), stderr: result.stderr };
  }
}

function commandText(command: BatchCommand): string {
  if (!SAFE_SECTION.test(command.section)) throw new Error(`Unsafe virsh batch section name: ${command.section}`);
  for (const word of command.words) {
    if (!SAFE_WORD.test(word)) throw new Error(`Unsafe word in a virsh batch: ${JSON.stringify(word)}`);
  }
  return command.words.join(' ');
}

/** Output between marker lines, by section name; a section whose marker never came is absent. */
export function splitSections(stdout: string, markerPrefix: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let buffer: string[] = [];
  const flush = () => {
    if (current !== undefined) sections.set(current, buffer.join('\n'));
  };
  for (const line of stdout.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed.startsWith(markerPrefix)) {
      flush();
      current = trimmed.slice(markerPrefix.length);
      buffer = [];
    } else if (current !== undefined) {
      buffer.push(line);
    }
  }
  flush();
  sections.delete('end');
  return sections;
}

function virshEnvironment(): NodeJS.ProcessEnv {
  // LIBVIRT_AUTOSTART=0: a background refresh must not spawn a session libvirtd that nobody asked for.
  return { ...process.env, LC_ALL: 'C', LANG: 'C', LIBVIRT_AUTOSTART: '0' };
}
