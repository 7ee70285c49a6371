// The unix sockets a QEMU process listens on that this extension can talk to: QMP monitors
// (`-qmp unix:...` or `-chardev socket` + `-mon mode=control`) and the guest agent's chardev.
import type { QemuCommandLine } from './commandLine';
import type { ArgvOption } from './argvOptions';
import { isOn, parseOptionList } from './optionList';

const AGENT_PORT_NAME = 'org.qemu.guest_agent.0';

/** `unix:/path,server=on,wait=off` (or old `server,nowait`) → the path, when QEMU is the server. */
function unixServerPath(spec: string): string | undefined {
  if (!spec.startsWith('unix:')) return undefined;
  const values = parseOptionList(spec.slice('unix:'.length), 'path').values;
  return isOn(values.get('server')) ? values.get('path') : undefined;
}

export function parseMonitorSockets(options: readonly ArgvOption[]): Pick<QemuCommandLine, 'qmpSockets' | 'agentSocket'> {
  const socketChardevs = new Map<string, string>();
  for (const { name, value } of options) {
    if (name !== 'chardev' || value === undefined) continue;
    const chardev = parseOptionList(value, 'backend').values;
    const id = chardev.get('id');
    const socketPath = chardev.get('path');
    if (chardev.get('backend') === 'socket' && id && socketPath && isOn(chardev.get('server'))) socketChardevs.set(id, socketPath);
  }
  const qmpSockets: string[] = [];
  let agentSocket: string | undefined;
  for (const { name, value } of options) {
    if (value === undefined) continue;
    if (name === 'qmp' || name === 'qmp-pretty') {
      const socketPath = unixServerPath(value);
      if (socketPath) qmpSockets.push(socketPath);
    } else if (name === 'mon') {
      const monitor = parseOptionList(value, 'chardev').values;
      const socketPath = socketChardevs.get(monitor.get('chardev') ?? '');
      if (monitor.get('mode') === 'control' && socketPath) qmpSockets.push(socketPath);
    } else if (name === 'device') {
      const device = parseOptionList(value, 'driver').values;
      if (device.get('driver') === 'virtserialport' && device.get('name') === AGENT_PORT_NAME) {
        agentSocket ??= socketChardevs.get(device.get('chardev') ?? '');
      }
    }
  }
  return { qmpSockets, agentSocket };
}
