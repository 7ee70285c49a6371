// The terminal command for a domain's serial console; the editor side opens the terminal.

export interface ConsoleCommand {
  command: string;
  args: string[];
}

/** `virsh -c URI console UUID`, for a URI the provider has checked. */
export function libvirtConsoleCommand(uri: string, uuid: string, virsh = 'virsh'): ConsoleCommand {
  return { command: virsh, args: ['-c', uri, 'console', uuid] };
}
