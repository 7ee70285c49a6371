// VMware Workstation/Fusion: `vmrun list` (a count line, then one .vmx path per running VM) and the
// .vmx file itself (key = "value" lines; VMware treats keys case-insensitively).
import { formatBytes } from '../../../shared/units';
import { type ParsedVm, type ParseResult, type VmFact, parsed, parseFailure, tooLarge, vmFact } from '../parsedVm';
import { completeText, preview, textLines, toCount } from '../values';

const LIST = 'vmrun list';
const VMX = '.vmx file';

export function parseVmrunList(output: string): ParseResult {
  const refused = tooLarge(output, LIST);
  if (refused) return refused;
  const lines = textLines(output);
  const header = lines.findIndex((line) => /^Total running VMs:\s*\d+\s*$/i.test(line.trim()));
  if (header < 0) return parseFailure(`vmrun list printed no "Total running VMs" line: ${preview(lines[0] ?? '(nothing)')}`);
  const vms = lines
    .slice(header + 1)
    .map((line) => line.trim())
    .filter((line) => /\.vmx$/i.test(line))
    .map((path): ParsedVm => ({
      id: path,
      name: vmxBaseName(path),
      state: 'running',
      stateText: 'running',
      sources: { state: `${LIST} (lists running VMs only)` },
      facts: [vmFact('virtual-hardware', 'config-file', 'Configuration file', path, LIST)],
    }));
  return parsed(vms);
}

/** The .vmx says what the VM is built of; the state comes from `vmrun list`, not from here. */
export function parseVmx(text: string): ParseResult {
  const refused = tooLarge(text, VMX);
  if (refused) return refused;
  const values = readVmx(text);
  if (values.size === 0) return parseFailure('The .vmx file has no key = "value" lines.');
  if (!values.has('config.version') && !values.has('virtualhw.version') && !values.has('displayname')) {
    return parseFailure('The file does not look like a .vmx (no config.version, virtualHW.version or displayName).');
  }
  const memoryMb = toCount(values.get('memsize'));
  // VMware leaves numvcpus out of the file when the VM has its default of one.
  const vcpus = toCount(values.get('numvcpus')) ?? 1;
  const vm: ParsedVm = {
    id: '',
    name: values.get('displayname') ?? '',
    state: 'unknown',
    stateText: 'unknown',
    vcpus,
    memoryBytes: memoryMb !== undefined ? memoryMb * 1024 * 1024 : undefined,
    os: values.get('guestos'),
    sources: { vcpus: `${VMX} → numvcpus`, memory: `${VMX} → memsize`, os: `${VMX} → guestOS` },
    facts: [...hardwareFacts(values), ...guestFacts(values)],
  };
  return parsed([vm]);
}

function hardwareFacts(values: Map<string, string>): VmFact[] {
  const facts: VmFact[] = [];
  const hardwareVersion = values.get('virtualhw.version');
  if (hardwareVersion) facts.push(vmFact('virtual-hardware', 'machine', 'Virtual hardware', `VMware hardware version ${hardwareVersion}`, `${VMX} → virtualHW.version`));
  facts.push(vmFact('virtual-hardware', 'firmware', 'Firmware', values.get('firmware') ?? 'bios (default)', `${VMX} → firmware`));
  const disks = deviceLines(values);
  if (disks.length > 0) facts.push(vmFact('virtual-hardware', 'disks', 'Disks', disks.join('\n'), `${VMX} → <bus><n>:<m>.fileName`));
  const nics = nicLines(values);
  if (nics.length > 0) facts.push(vmFact('virtual-hardware', 'nics', 'Network adapters', nics.join('\n'), `${VMX} → ethernetN.*`));
  const memoryMb = toCount(values.get('memsize'));
  if (memoryMb !== undefined && memoryMb > 0) facts.push(vmFact('virtual-hardware', 'memory-configured', 'Memory (configured)', formatBytes(memoryMb * 1024 * 1024), `${VMX} → memsize`));
  return facts;
}

function guestFacts(values: Map<string, string>): VmFact[] {
  const facts: VmFact[] = [];
  const guestOs = values.get('guestos');
  if (guestOs) facts.push(vmFact('guest-os', 'os', 'Guest OS (configured type)', guestOs, `${VMX} → guestOS`));
  // Newer VMware Tools write what the guest reported, e.g. prettyName='Ubuntu 22.04.4 LTS'.
  const detailed = values.get('guestinfo.detailed.data');
  const pretty = detailed ? /prettyName='([^']*)'/.exec(detailed)?.[1] : undefined;
  if (pretty) facts.push(vmFact('guest-os', 'os-reported', 'Guest OS (reported by VMware Tools)', pretty, `${VMX} → guestInfo.detailed.data`));
  const kernel = detailed ? /kernelVersion='([^']*)'/.exec(detailed)?.[1] : undefined;
  if (kernel) facts.push(vmFact('guest-os', 'kernel', 'Kernel', kernel, `${VMX} → guestInfo.detailed.data`));
  return facts;
}

/** scsi0:0.fileName, nvme0:0.fileName, sata0:1.fileName... of devices marked present. */
function deviceLines(values: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const [key, value] of values) {
    const slot = /^((?:scsi|sata|nvme|ide)\d+:\d+)\.filename$/.exec(key);
    if (!slot || values.get(`${slot[1]}.present`)?.toLowerCase() === 'false' || !value) continue;
    const type = values.get(`${slot[1]}.devicetype`);
    lines.push(`${value} (${slot[1]}${type ? `, ${type}` : ''})`);
  }
  return lines;
}

function nicLines(values: Map<string, string>): string[] {
  const lines: string[] = [];
  for (let index = 0; index < 10; index++) {
    if (values.get(`ethernet${index}.present`)?.toLowerCase() !== 'true') continue;
    const details = [values.get(`ethernet${index}.virtualdev`), values.get(`ethernet${index}.generatedaddress`) ?? values.get(`ethernet${index}.address`)].filter(Boolean).join(', ');
    lines.push(`ethernet${index}: ${values.get(`ethernet${index}.connectiontype`) ?? 'connected'}${details ? ` (${details})` : ''}`);
  }
  return lines;
}

function readVmx(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of textLines(completeText(text))) {
    // key = "value", split by hand: the regex with `\s*` around a lazy key backtracked quadratically on long space runs.
    const equals = line.indexOf('=');
    const key = line.slice(0, Math.max(equals, 0)).trim();
    const quoted = line.slice(equals + 1).trim();
    if (equals < 0 || key === '' || key.startsWith('#') || quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) continue;
    const value = quoted.slice(1, -1);
    if (!/[\r\u2028\u2029]/.test(value)) values.set(key.toLowerCase(), value.replace(/\|22/g, '"'));
  }
  return values;
}

function vmxBaseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  return file.replace(/\.vmx$/i, '');
}
