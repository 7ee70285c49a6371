// What the pod's RuntimeClass handler puts between its containers and the node's kernel: nothing
// (runc, crun: namespaces and cgroups on the node's kernel), a user-space kernel (gVisor's runsc),
// or a VM of the pod's own with its own guest kernel (Kata Containers). The handler is the name
// the node's CRI runtime was configured with; these are the names their projects document.

export type RuntimeKind = 'shared-kernel' | 'user-space-kernel' | 'vm';

export interface PodRuntime {
  kind: RuntimeKind;
  /** runc, gVisor (runsc), Kata Containers (QEMU)... */
  name: string;
  /** For Kata: the VMM its handler names. */
  vmm?: string;
}

const KATA_VMMS: Record<string, string> = {
  qemu: 'QEMU',
  clh: 'Cloud Hypervisor',
  fc: 'Firecracker',
  dragonball: 'Dragonball',
  stratovirt: 'StratoVirt',
  'qemu-tdx': 'QEMU with Intel TDX',
  'qemu-snp': 'QEMU with AMD SEV-SNP',
  'qemu-sev': 'QEMU with AMD SEV',
  'qemu-coco-dev': 'QEMU (confidential containers)',
};

/** `handler` undefined: the pod names no RuntimeClass, and the node's default handler (runc, almost always) runs it. */
export function podRuntime(handler: string | undefined): PodRuntime {
  const name = (handler ?? 'runc').toLowerCase();
  if (name === 'runsc' || name.startsWith('gvisor') || name.startsWith('runsc-')) return { kind: 'user-space-kernel', name: `gVisor (runsc${handler && handler !== 'runsc' ? `, handler ${handler}` : ''})` };
  const kata = /^kata(?:-(.+))?$/.exec(name);
  if (kata) {
    const vmm = kata[1] ? (KATA_VMMS[kata[1]] ?? kata[1]) : 'QEMU (Kata’s default)';
    return { kind: 'vm', name: `Kata Containers (handler ${handler})`, vmm };
  }
  return { kind: 'shared-kernel', name: handler ?? 'runc (the node’s default handler)' };
}
