// Every command-line VM tool this extension knows, as providers the composition root can register.
import { CliVmProvider, type CliVmProviderOptions } from './cliVmProvider';
import type { ToolDefinition } from './toolDefinition';
import { hyperV } from './tools/hyperv';
import { colima, lima } from './tools/lima';
import { multipass } from './tools/multipass';
import { parallels } from './tools/parallels';
import { podmanMachine } from './tools/podmanMachine';
import { utm } from './tools/utm';
import { vagrant } from './tools/vagrant';
import { virtualBox } from './tools/virtualbox';
import { vmware } from './tools/vmware';
import { wsl } from './tools/wsl';

export { CliVmProvider, type CliVmProviderOptions } from './cliVmProvider';
export type { ToolDefinition } from './toolDefinition';

export const VM_TOOL_DEFINITIONS: readonly ToolDefinition[] = [virtualBox, vmware, hyperV, wsl, multipass, lima, colima, parallels, utm, podmanMachine, vagrant];

/** One provider per tool; callers keep those whose `availability()` says the tool is installed. */
export function createVmToolProviders(options: CliVmProviderOptions = {}, enabled: (id: string) => boolean = () => true): CliVmProvider[] {
  return VM_TOOL_DEFINITIONS.filter((definition) => enabled(definition.id)).map((definition) => new CliVmProvider(definition, options));
}
