// What a QEMU command line says about its guest, as plain data (see argv.ts for the parser).

export type Accelerator = 'KVM' | 'TCG' | 'HVF' | 'WHPX' | 'Xen' | 'NVMM' | 'unknown';

export interface ArgvDisk {
  /** Image path (resolved against the process's working directory once known). */
  file?: string;
  format?: string;
  /** `-drive if=`: ide, virtio, scsi, none... */
  interface?: string;
  id?: string;
  cdrom: boolean;
  /** The option it came from, for the fact's source. */
  option: string;
}

export interface ArgvNic {
  /** Device model, e.g. virtio-net-pci, e1000. */
  model?: string;
  /** Backend type: user, tap, bridge, socket... */
  backend?: string;
  mac?: string;
  option: string;
}

export interface QemuCommandLine {
  /** argv[0] as written. */
  executable: string;
  name?: string;
  memoryBytes?: number;
  /** From -smp; QEMU's default is 1 when the option is absent. */
  vcpus: number;
  /** Accelerators in the order QEMU tries them, from -accel, -enable-kvm or -machine accel=. */
  accelerators: Accelerator[];
  /** True when none was asked for: QEMU then picks TCG (KVM first only for binaries named *kvm). */
  acceleratorDefaulted: boolean;
  /** The option that chose the accelerator, e.g. `-accel tcg`, for the fact's source. */
  acceleratorOption?: string;
  machine?: string;
  uuid?: string;
  kernel?: string;
  initrd?: string;
  /** -bios FILE, or UEFI code in a pflash drive; absent means the machine's default BIOS. */
  firmware?: { kind: 'bios' | 'uefi'; file?: string };
  disks: ArgvDisk[];
  nics: ArgvNic[];
  /** Unix socket paths of QMP (control-mode) monitors QEMU listens on. */
  qmpSockets: string[];
  /** Unix socket of a chardev wired to the virtio-serial port org.qemu.guest_agent.0. */
  agentSocket?: string;
}
