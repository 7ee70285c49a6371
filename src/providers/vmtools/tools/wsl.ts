// Windows Subsystem for Linux through wsl.exe, whose listing is UTF-16LE text.
import { decodeWslOutput, parseWslList } from '../parsers/wsl';
import { type ToolDefinition, toolFailure } from '../toolDefinition';

export const wsl: ToolDefinition = {
  id: 'wsl',
  label: 'Windows Subsystem for Linux',
  executables: { win32: ['wsl'] },
  installDirs: { win32: ['C:\\Windows\\System32'] },
  async readList(exec) {
    const result = await exec.run(['-l', '-v'], { encoding: 'buffer' });
    if (!result.ok) return toolFailure(result);
    const outcome = parseWslList(decodeWslOutput(result.stdoutBytes));
    return outcome.ok ? outcome : { ok: false, error: outcome.error, kind: 'unknown' };
  },
  accelerator: 'Hyper-V (WSL 2 distributions share one lightweight utility VM)',
  actions: {
    start: (id) => ['--distribution', id, '--exec', 'true'],
    shutdown: (id) => ['--terminate', id],
    forceOff: (id) => ['--terminate', id],
  },
  // wsl.exe has no gentle stop for one distribution: --terminate ends all its processes at once.
  hardActions: {
    shutdown: 'wsl.exe can only terminate it: every process in the distribution is killed at once, and unsaved work in it is lost.',
  },
  guestOsHint: 'wsl.exe names the distribution only; run `cat /etc/os-release` inside it for the version.',
};
