// CliVmProvider against fake tools: small shell scripts on a temporary PATH that print the recorded
// fixtures, so the real lookup and the real runTool path (processes, exit codes, timeouts) run.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixturesDir } from '../repoPaths';
import { WorkloadGoneError, type ListResult } from '../../src/providers/provider';
import type { Stack, WorkloadRef } from '../../src/shared/model';
import { runTool } from '../../src/providers/exec/runTool';
import { CliVmProvider, createVmToolProviders, VM_TOOL_DEFINITIONS } from '../../src/providers/vmtools';
import type { ToolDefinition, ToolExec } from '../../src/providers/vmtools/toolDefinition';
import { hyperV } from '../../src/providers/vmtools/tools/hyperv';
import { multipass } from '../../src/providers/vmtools/tools/multipass';
import { podmanMachine } from '../../src/providers/vmtools/tools/podmanMachine';
import { utm } from '../../src/providers/vmtools/tools/utm';
import { virtualBox } from '../../src/providers/vmtools/tools/virtualbox';
import { vmware } from '../../src/providers/vmtools/tools/vmware';
import { wsl } from '../../src/providers/vmtools/tools/wsl';

const FIXTURES = path.join(fixturesDir, 'vmtools');
const BUILD_BOX: WorkloadRef = { kind: 'vm', providerId: 'virtualbox', id: '6b1e2f90-3c4d-4e5f-8a9b-0c1d2e3f4a5b' };

let root: string;

/** A directory holding one executable script, to be the whole PATH of a provider. */
function fakeTool(name: string, script: string): string {
  const dir = fs.mkdtempSync(path.join(root, `${name}-`));
  fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return dir;
}

function providerOn(definition: ToolDefinition, dir: string, options: { listTimeoutMs?: number; pollIntervalMs?: number } = {}): CliVmProvider {
  // The system folders stay on PATH for the scripts' own cat and sleep; no VM tool lives there.
  return new CliVmProvider(definition, { lookup: () => ({ platform: 'linux', env: { PATH: `${dir}:/usr/bin:/bin` } }), pollIntervalMs: 0, ...options });
}

function failed(result: ListResult): Extract<ListResult, { ok: false }> {
  assert.ok(!result.ok, JSON.stringify(result));
  return result as Extract<ListResult, { ok: false }>;
}

function factIn(stack: Stack, kind: string, key: string): string | undefined {
  return stack.layers.find((layer) => layer.kind === kind)?.facts.find((fact) => fact.key === key)?.value;
}

const VBOX_SCRIPT = `case "$1 $2" in
  "list vms") cat '${FIXTURES}/virtualbox/list-vms.txt' ;;
  "list runningvms") cat '${FIXTURES}/virtualbox/list-runningvms.txt' ;;
  "showvminfo 6b1e2f90-3c4d-4e5f-8a9b-0c1d2e3f4a5b") cat '${FIXTURES}/virtualbox/showvminfo-running.txt' ;;
  "showvminfo "*) echo "VBoxManage: error: Could not find a registered machine" >&2; exit 1 ;;
  "--version ") echo 7.0.14r161095 ;;
  *) echo "$@" >> "$(dirname "$0")/calls.log" ;;
esac`;

describe('VM tool providers on fake tools', () => {
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'vmtools-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('CliVmProvider', () => {
    it('is available only when its executable is on PATH, found without running it', async () => {
      const empty = fs.mkdtempSync(path.join(root, 'empty-'));
      assert.deepStrictEqual(await providerOn(virtualBox, fakeTool('VBoxManage', VBOX_SCRIPT)).availability(), { available: true });
      const missing = await providerOn(virtualBox, empty).availability();
      assert.ok(!missing.available && /VBoxManage is not on PATH/.test(missing.reason ?? ''), JSON.stringify(missing));
      const elsewhere = await providerOn(utm, empty).availability();
      assert.match(elsewhere.reason ?? '', /does not run on linux/);
    });

    it('does not take a file without the executable bit', async () => {
      const dir = fs.mkdtempSync(path.join(root, 'noexec-'));
      fs.writeFileSync(path.join(dir, 'VBoxManage'), '#!/bin/sh\n', { mode: 0o644 });
      assert.strictEqual((await providerOn(virtualBox, dir).availability()).available, false);
    });

    it('shows Podman machines on Linux only where some exist: a refusal (as root) or none is no row', async () => {
      const refusing = fakeTool('podman', `echo 'Error: cannot run command "podman machine list" as root' >&2; exit 125`);
      const refused = await providerOn(podmanMachine, refusing).availability();
      assert.ok(!refused.available, JSON.stringify(refused));
      assert.match(refused.reason ?? '', /No Podman machine VMs on this linux machine \(it refuses to list them here: .*as root/);
      const none = await providerOn(podmanMachine, fakeTool('podman', `cat '${FIXTURES}/podman-machine/list-empty.json'`)).availability();
      assert.ok(!none.available && /it lists none/.test(none.reason ?? ''), JSON.stringify(none));
      const some = providerOn(podmanMachine, fakeTool('podman', `cat '${FIXTURES}/podman-machine/list-v5-numbers.json'`));
      assert.deepStrictEqual(await some.availability(), { available: true });
      // In Restricted Mode nothing runs: the tool on PATH is enough, and its row waits for trust.
      assert.deepStrictEqual(await providerOn(podmanMachine, refusing).availability({ mayRunPrograms: false }), { available: true });
    });

    it('lists VirtualBox VMs as VM summaries', async () => {
      const result = await providerOn(virtualBox, fakeTool('VBoxManage', VBOX_SCRIPT)).list();
      assert.ok(result.ok, JSON.stringify(result));
      if (!result.ok) return;
      assert.deepStrictEqual(result.workloads[0], {
        ref: BUILD_BOX,
        name: 'build-box',
        image: 'Oracle VirtualBox VM',
        state: 'running',
        status: 'running',
        ports: [],
        created: 0,
        resources: {},
      });
      assert.deepStrictEqual(result.workloads.map((workload) => workload.state), ['running', 'exited', 'exited']);
      assert.match(result.endpoint, /VBoxManage$/);
    });

    it('draws a VM stack with every band, bottom first, and the required facts', async () => {
      const stack = await providerOn(virtualBox, fakeTool('VBoxManage', VBOX_SCRIPT)).inspectStack(BUILD_BOX);
      assert.deepStrictEqual(stack.layers.map((layer) => layer.kind), ['hardware', 'host-os', 'hypervisor', 'virtual-hardware', 'guest-os', 'libraries', 'app']);
      assert.strictEqual(factIn(stack, 'hypervisor', 'hypervisor'), 'Oracle VirtualBox');
      assert.strictEqual(factIn(stack, 'hypervisor', 'version'), '7.0.14r161095');
      assert.strictEqual(factIn(stack, 'hypervisor', 'state'), 'running');
      assert.match(factIn(stack, 'hypervisor', 'accelerator') ?? '', /VT-x/);
      assert.strictEqual(factIn(stack, 'virtual-hardware', 'vcpus'), '2');
      assert.strictEqual(factIn(stack, 'virtual-hardware', 'memory'), '4 GiB');
      assert.match(factIn(stack, 'virtual-hardware', 'disks') ?? '', /build-box\.vdi/);
      assert.strictEqual(factIn(stack, 'virtual-hardware', 'machine'), 'VirtualBox piix3');
      assert.strictEqual(factIn(stack, 'guest-os', 'os'), 'Ubuntu (64-bit)');
      assert.ok(factIn(stack, 'hardware', 'cpus'));
      assert.match(stack.layers[5].unavailable ?? '', /inside the guest/);
      for (const layer of stack.layers) for (const fact of layer.facts) assert.ok(fact.source, `${layer.kind}/${fact.key} names no source`);
    });

    it('keeps the list facts and says why when the details command fails', async () => {
      const stack = await providerOn(virtualBox, fakeTool('VBoxManage', VBOX_SCRIPT)).inspectStack({ ...BUILD_BOX, id: 'a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d' });
      const hardware = stack.layers.find((layer) => layer.kind === 'virtual-hardware');
      assert.match(hardware?.unavailable ?? '', /Could not find a registered machine/);
      assert.strictEqual(factIn(stack, 'virtual-hardware', 'vcpus'), 'unknown');
    });

    it('throws WorkloadGoneError for a VM the tool no longer lists', async () => {
      await assert.rejects(providerOn(virtualBox, fakeTool('VBoxManage', VBOX_SCRIPT)).inspectStack({ ...BUILD_BOX, id: 'gone' }), WorkloadGoneError);
    });

    it('runs actions as argument arrays and offers only what fits the state', async () => {
      const dir = fakeTool('VBoxManage', VBOX_SCRIPT);
      const provider = providerOn(virtualBox, dir);
      await provider.runAction(BUILD_BOX, 'start');
      await provider.runAction(BUILD_BOX, 'forceOff');
      assert.strictEqual(fs.readFileSync(path.join(dir, 'calls.log'), 'utf8'), `startvm ${BUILD_BOX.id} --type headless\ncontrolvm ${BUILD_BOX.id} poweroff\n`);
      assert.deepStrictEqual(provider.actionsFor('running'), ['shutdown', 'reboot', 'pause', 'forceOff']);
      assert.deepStrictEqual(provider.actionsFor('paused'), ['resume', 'forceOff']);
      assert.deepStrictEqual(provider.actionsFor('exited'), ['start']);
      assert.deepStrictEqual(providerOn(multipass, dir).actionsFor('running'), ['shutdown', 'reboot', 'pause', 'forceOff']);
      await assert.rejects(provider.runAction({ ...BUILD_BOX, id: '--help' }, 'start'), /Refusing/);
      await assert.rejects(provider.runAction(BUILD_BOX, 'remove'), /cannot remove/);
    });

    it('shows the error of a tool that exits non-zero, in list and in the diagram', async () => {
      const provider = providerOn(virtualBox, fakeTool('VBoxManage', 'echo "VBoxManage: error: The VirtualBox kernel service is not running" >&2; exit 1'));
      const diagnosis = failed(await provider.list()).diagnosis;
      assert.match(diagnosis.message, /exit 1.*kernel service is not running/);
      const stack = await provider.inspectStack(BUILD_BOX);
      assert.match(stack.layers.find((layer) => layer.kind === 'hypervisor')?.unavailable ?? '', /kernel service is not running/);
      assert.strictEqual(stack.layers.find((layer) => layer.kind === 'hardware')?.unavailable, undefined);
    });

    it('kills a tool that hangs and reports a timeout', async () => {
      const provider = providerOn(multipass, fakeTool('multipass', 'exec sleep 30'), { listTimeoutMs: 300 });
      const started = Date.now();
      const diagnosis = failed(await provider.list()).diagnosis;
      assert.strictEqual(diagnosis.kind, 'timeout');
      assert.ok(Date.now() - started < 5000);
      const stack = await provider.inspectStack({ kind: 'vm', providerId: 'multipass', id: 'primary' });
      assert.match(stack.layers[2].unavailable ?? '', /did not finish within 300 ms/);
    });

    it('reports output it cannot parse as a diagnosis, not an exception', async () => {
      const provider = providerOn(multipass, fakeTool('multipass', `cat '${FIXTURES}/multipass/list-truncated.json'`));
      assert.match(failed(await provider.list()).diagnosis.message, /no valid JSON/);
    });

    it('completes a Multipass instance with `multipass info`', async () => {
      const script = `case "$1" in
    list) cat '${FIXTURES}/multipass/list.json' ;;
    info) cat '${FIXTURES}/multipass/info-primary.json' ;;
    version) printf 'multipass   1.14.0\\nmultipassd  1.14.0\\n' ;;
  esac`;
      const stack = await providerOn(multipass, fakeTool('multipass', script)).inspectStack({ kind: 'vm', providerId: 'multipass', id: 'primary' });
      assert.strictEqual(factIn(stack, 'virtual-hardware', 'vcpus'), '2');
      assert.strictEqual(factIn(stack, 'guest-os', 'os'), 'Ubuntu 24.04.1 LTS');
      assert.strictEqual(factIn(stack, 'hypervisor', 'version'), 'multipass   1.14.0');
    });

    it('reads a running VMware VM from vmrun list and its .vmx file', async () => {
      const dir = fakeTool('vmrun', `echo 'Total running VMs: 1'; echo '${FIXTURES}/vmware/ci-runner.vmx'`);
      const provider = providerOn(vmware, dir);
      const id = path.join(FIXTURES, 'vmware', 'ci-runner.vmx');
      const stack = await provider.inspectStack({ kind: 'vm', providerId: 'vmware', id });
      assert.strictEqual(factIn(stack, 'virtual-hardware', 'vcpus'), '4');
      assert.strictEqual(factIn(stack, 'virtual-hardware', 'machine'), 'VMware hardware version 21');
      assert.strictEqual(factIn(stack, 'guest-os', 'os-reported'), 'Ubuntu 24.04 LTS');
    });

    it('re-lists while watched and calls back when something changed', async () => {
      const stateFile = path.join(root, 'limastate');
      fs.writeFileSync(stateFile, 'Running');
      const dir = fakeTool('limactl', `printf '{"name":"default","status":"%s"}\\n' "$(cat '${stateFile}')"`);
      const { lima } = await import('../../src/providers/vmtools/tools/lima');
      const provider = providerOn(lima, dir, { pollIntervalMs: 100 });
      let changes = 0;
      const statuses: boolean[] = [];
      const watcher = provider.watch(() => changes++, (connected) => statuses.push(connected));
      try {
        await waitFor(() => statuses.length >= 1);
        fs.writeFileSync(stateFile, 'Stopped');
        await waitFor(() => changes >= 1);
        assert.ok(statuses.every(Boolean));
      } finally {
        watcher.close();
      }
    });

    it('ends a live stats request with a sentence instead of hanging', async () => {
      const provider = providerOn(virtualBox, fakeTool('VBoxManage', VBOX_SCRIPT));
      const error = await new Promise<Error | undefined>((resolve) => provider.streamStats(BUILD_BOX, () => undefined, resolve));
      assert.match(error?.message ?? '', /does not report live/);
    });
  });

  describe('VM tool definitions', () => {
    it('one provider per tool, with the expected ids', () => {
      assert.deepStrictEqual(createVmToolProviders().map((provider) => provider.id), [
        'virtualbox', 'vmware', 'hyperv', 'wsl', 'multipass', 'lima', 'colima', 'parallels', 'utm', 'podman-machine', 'vagrant',
      ]);
      assert.deepStrictEqual(createVmToolProviders({}, (id) => id === 'wsl').map((provider) => provider.id), ['wsl']);
      assert.strictEqual(new Set(VM_TOOL_DEFINITIONS.map((definition) => definition.label)).size, VM_TOOL_DEFINITIONS.length);
    });

    it('Hyper-V passes the VM id as an argument to a constant script, and only a GUID', () => {
      const id = '5d2c7a10-8f3e-4b6a-9c1d-2e3f4a5b6c7d';
      const argv = hyperV.actions.start?.(id) ?? [];
      assert.deepStrictEqual(argv, ['-NoProfile', '-NonInteractive', '-Command', '& { param($id) Get-VM -Id $id | Start-VM }', id]);
      assert.throws(() => hyperV.actions.forceOff?.("x'; Remove-Item C:\\ -Recurse; '"), /not a Hyper-V VM id/);
    });

    it('a hard reset or terminate asks first and says what is lost; Hyper-V reboots through the guest', () => {
      const id = '5d2c7a10-8f3e-4b6a-9c1d-2e3f4a5b6c7d';
      const vbox = providerOn(virtualBox, root);
      assert.match(vbox.actionWarning(BUILD_BOX, 'reboot') ?? '', /reset button.*unsaved work in it is lost/);
      assert.strictEqual(vbox.actionWarning(BUILD_BOX, 'shutdown'), undefined, 'the ACPI power button is a soft shutdown');
      assert.match(providerOn(wsl, root).actionWarning({ kind: 'vm', providerId: 'wsl', id: 'Ubuntu' }, 'shutdown') ?? '', /terminate.*unsaved work in it is lost/);
      assert.deepStrictEqual(hyperV.actions.reboot?.(id), ['-NoProfile', '-NonInteractive', '-Command', '& { param($id) Get-VM -Id $id | Restart-VM -Type Reboot -Force }', id]);
      assert.strictEqual(providerOn(hyperV, root).actionWarning({ kind: 'vm', providerId: 'hyperv', id }, 'reboot'), undefined);
    });

    it('WSL reads UTF-16LE bytes through runTool', async () => {
      const dir = fakeTool('wsl.exe', `cat '${FIXTURES}/wsl/list-verbose-utf16le-bom.bin'`);
      const executable = path.join(dir, 'wsl.exe');
      const exec: ToolExec = { executable, run: (args, options = {}) => runTool({ tool: executable, args, timeoutMs: 5000, encoding: options.encoding }) };
      const outcome = await wsl.readList(exec);
      assert.ok(outcome.ok, JSON.stringify(outcome));
      if (outcome.ok) assert.deepStrictEqual(outcome.vms.map((vm) => [vm.name, vm.stateText]), [['Ubuntu-24.04', 'Running'], ['docker-desktop', 'Stopped'], ['Legacy-Debian', 'Stopped']]);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
