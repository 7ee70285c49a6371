// Disks on a QEMU command line: -drive, -hda..-hdd, -cdrom and -blockdev node graphs.
import type { ArgvDisk } from './commandLine';
import type { ArgvOption } from './argvOptions';
import { parseOptionList } from './optionList';

/** Block drivers that reach storage (protocol nodes); anything else on top of them is a format. */
const PROTOCOL_DRIVERS = new Set(['file', 'host_device', 'host_cdrom', 'nbd', 'iscsi', 'rbd', 'nvme', 'http', 'https', 'ssh', 'gluster', 'null-co', 'null-aio']);

function driveDisk(value: string): ArgvDisk {
  const drive = parseOptionList(value).values;
  return {
    file: drive.get('file') || undefined,
    format: drive.get('format'),
    interface: drive.get('if') ?? 'ide',
    id: drive.get('id'),
    cdrom: drive.get('media') === 'cdrom',
    option: '-drive',
  };
}

interface BlockNode {
  values: ReadonlyMap<string, string>;
  nodeName?: string;
}

/** The image file under a node: follows `file` references (by node name or nested) down to a filename. */
function filenameUnder(node: BlockNode, byName: ReadonlyMap<string, BlockNode>, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const direct = node.values.get('filename') ?? node.values.get('file.filename');
  if (direct) return direct;
  const child = byName.get(node.values.get('file') ?? '');
  return child ? filenameUnder(child, byName, depth + 1) : undefined;
}

/** Top nodes only (the ones no other node names as its `file` or `backing`): one per disk. */
function blockdevDisks(values: readonly string[]): ArgvDisk[] {
  const nodes: BlockNode[] = values.map((value) => {
    const parsed = parseOptionList(value).values;
    return { values: parsed, nodeName: parsed.get('node-name') };
  });
  const byName = new Map(nodes.filter((node) => node.nodeName).map((node) => [node.nodeName as string, node]));
  const referenced = new Set(nodes.flatMap((node) => [node.values.get('file'), node.values.get('backing')]).filter((name) => name !== undefined));
  return nodes
    .filter((node) => !node.nodeName || !referenced.has(node.nodeName))
    .map((node) => {
      const driver = node.values.get('driver');
      return {
        file: filenameUnder(node, byName),
        format: driver && PROTOCOL_DRIVERS.has(driver) ? 'raw' : driver,
        id: node.nodeName,
        cdrom: false,
        option: '-blockdev',
      };
    });
}

export function parseDisks(options: readonly ArgvOption[]): ArgvDisk[] {
  const disks: ArgvDisk[] = [];
  const blockdevs: string[] = [];
  for (const { name, value } of options) {
    if (value === undefined) continue;
    if (name === 'drive') disks.push(driveDisk(value));
    else if (/^hd[a-d]$/.test(name)) disks.push({ file: value, interface: 'ide', cdrom: false, option: `-${name}` });
    else if (name === 'cdrom') disks.push({ file: value, interface: 'ide', cdrom: true, option: '-cdrom' });
    else if (name === 'blockdev') blockdevs.push(value);
  }
  return [...disks, ...blockdevDisks(blockdevs)];
}
