// UTM on macOS through utmctl (which needs a logged-in GUI session: over ssh it fails).
import { parseUtmList } from '../parsers/utm';
import { type ToolDefinition, runAndParse } from '../toolDefinition';

export const utm: ToolDefinition = {
  id: 'utm',
  label: 'UTM',
  executables: { darwin: ['utmctl'] },
  installDirs: { darwin: ['/Applications/UTM.app/Contents/MacOS'] },
  readList: (exec) => runAndParse(exec, ['list'], parseUtmList),
  accelerator: 'QEMU with HVF, or Apple Virtualization.framework (per VM)',
  actions: {
    start: (id) => ['start', id],
    shutdown: (id) => ['stop', '--request', id],
    forceOff: (id) => ['stop', '--kill', id],
    pause: (id) => ['suspend', id],
  },
  guestOsHint: 'utmctl list does not name the guest OS; install the QEMU guest agent in the guest to read it from UTM.',
};
