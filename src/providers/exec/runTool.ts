// Runs a VM tool (virsh, VBoxManage, wsl...) the only way providers may: an argument array, no
// shell, a timeout, a cap on output, and failures as values with a sentence a user can act on.
import { execFile } from 'child_process';

export interface ToolRun {
  /** Executable name or path; looked up on PATH, never passed to a shell. */
  tool: string;
  args: readonly string[];
  timeoutMs: number;
  /** Output beyond this is an error (a tool gone wild must not fill the extension host). */
  maxBytes?: number;
  /** Raw bytes instead of UTF-8 text (WSL prints UTF-16). */
  encoding?: 'utf8' | 'buffer';
  env?: NodeJS.ProcessEnv;
}

export type ToolResult =
  | { ok: true; stdout: string; stdoutBytes: Buffer; stderr: string }
  | { ok: false; kind: 'missing' | 'timeout' | 'failed' | 'too-large'; message: string; stderr: string; exitCode?: number };

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

export function runTool(run: ToolRun): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      run.tool,
      [...run.args],
      { timeout: run.timeoutMs, maxBuffer: run.maxBytes ?? DEFAULT_MAX_BYTES, encoding: 'buffer', windowsHide: true, env: run.env, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const stderrText = stderr.toString('utf8').trim();
        const command = `${run.tool} ${run.args.join(' ')}`.trim();
        if (!error) {
          resolve({ ok: true, stdout: stdout.toString('utf8'), stdoutBytes: stdout, stderr: stderrText });
          return;
        }
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string; code?: string | number };
        if (failure.code === 'ENOENT') {
          resolve({ ok: false, kind: 'missing', message: `${run.tool} is not installed or not on PATH.`, stderr: stderrText });
        } else if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          resolve({ ok: false, kind: 'too-large', message: `${command} printed more than ${run.maxBytes ?? DEFAULT_MAX_BYTES} bytes.`, stderr: stderrText });
        } else if (failure.killed || failure.signal === 'SIGKILL') {
          resolve({ ok: false, kind: 'timeout', message: `${command} did not finish within ${run.timeoutMs} ms.`, stderr: stderrText });
        } else {
          const exitCode = typeof failure.code === 'number' ? failure.code : undefined;
          const detail = stderrText.split('\n').filter(Boolean).slice(-2).join(' ') || failure.message;
          resolve({ ok: false, kind: 'failed', message: `${command} failed${exitCode !== undefined ? ` (exit ${exitCode})` : ''}: ${detail}`, stderr: stderrText, exitCode });
        }
      },
    );
  });
}
