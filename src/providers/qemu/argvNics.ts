// Network interfaces on a QEMU command line: -nic, -netdev with -device ...,netdev=, and old -net.
import type { ArgvNic } from './commandLine';
import type { ArgvOption } from './argvOptions';
import { parseOptionList } from './optionList';

export function parseNics(options: readonly ArgvOption[]): ArgvNic[] {
  const backendById = new Map<string, string>();
  for (const { name, value } of options) {
    if (name !== 'netdev' || value === undefined) continue;
    const netdev = parseOptionList(value, 'type').values;
    const id = netdev.get('id');
    if (id) backendById.set(id, netdev.get('type') ?? 'unknown');
  }
  const nics: ArgvNic[] = [];
  let oldStyleBackend: string | undefined;
  for (const { name, value } of options) {
    if (value === undefined) continue;
    if (name === 'nic') {
      const nic = parseOptionList(value, 'type').values;
      if (nic.get('type') === 'none') continue;
      nics.push({ model: nic.get('model'), backend: nic.get('type'), mac: nic.get('mac'), option: '-nic' });
    } else if (name === 'device') {
      const device = parseOptionList(value, 'driver').values;
      const netdev = device.get('netdev');
      if (netdev === undefined) continue;
      nics.push({ model: device.get('driver'), backend: backendById.get(netdev), mac: device.get('mac'), option: '-device' });
    } else if (name === 'net') {
      const net = parseOptionList(value, 'type').values;
      if (net.get('type') === 'nic') nics.push({ model: net.get('model'), mac: net.get('macaddr'), option: '-net nic' });
      else if (net.get('type') !== 'none') oldStyleBackend ??= net.get('type');
    }
  }
  // `-net nic -net user`: the old syntax joins every NIC to the backend given alongside.
  return nics.map((nic) => (nic.option === '-net nic' && !nic.backend ? { ...nic, backend: oldStyleBackend } : nic));
}
