// The context menu offers what fits a container's state: the `when` clauses in package.json are
// evaluated against the contextValue the tree gives each state.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../repoPaths';
import { COMMANDS } from '../../src/commandIds';

interface MenuItem {
  command: string;
  when: string;
  group?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const itemMenu: MenuItem[] = manifest.contributes.menus['view/item/context'];

/** Evaluates the clause shapes the manifest uses: `a == b`, `a != 'b'`, `a =~ /re/`, joined by `&&`. */
function matches(when: string, context: Record<string, string>): boolean {
  return when.split('&&').every((raw) => {
    const clause = raw.trim();
    const regex = /^(\S+) =~ \/(.*)\/$/.exec(clause);
    if (regex) return new RegExp(regex[2]).test(context[regex[1]] ?? '');
    const equals = /^(\S+) (==|!=) (\S+)$/.exec(clause);
    if (equals) return (context[equals[1]] === equals[3].replace(/^'(.*)'$/, '$1')) === (equals[2] === '==');
    if (/^[\w.]+$/.test(clause)) return Boolean(context[clause]);
    throw new Error(`Unsupported when clause: ${clause}`);
  });
}

function offered(contextValue: string, multiSelection = false, settings: Record<string, string> = {}): Set<string> {
  const context: Record<string, string> = { view: 'workloadStacks.workloads', viewItem: contextValue, listMultiSelection: multiSelection ? 'true' : '', ...settings };
  return new Set(itemMenu.filter((item) => !item.group?.startsWith('inline') && matches(item.when, context)).map((item) => item.command));
}

const c = (verb: string) => `workloadStacks.container.${verb}`;

describe('context menus by state', () => {
  it('offers stop, restart, pause and shell on a running container, not start or unpause', () => {
    const menu = offered('container.running');
    for (const verb of ['stop', 'restart', 'pause', 'shell', 'logs', 'remove']) assert.ok(menu.has(c(verb)), verb);
    for (const verb of ['start', 'unpause', 'openPort']) assert.ok(!menu.has(c(verb)), verb);
  });

  it('offers opening a port only when one is published', () => {
    assert.ok(offered('container.running.ports').has(c('openPort')));
    assert.ok(!offered('container.exited.ports').has(c('openPort')));
  });

  it('offers unpause and stop on a paused container', () => {
    const menu = offered('container.paused');
    assert.ok(menu.has(c('unpause')) && menu.has(c('stop')));
    assert.ok(!menu.has(c('pause')) && !menu.has(c('start')) && !menu.has(c('shell')));
  });

  it('offers start on exited and created containers, never stop', () => {
    for (const state of ['exited', 'created']) {
      const menu = offered(`container.${state}`);
      assert.ok(menu.has(c('start')), state);
      assert.ok(!menu.has(c('stop')) && !menu.has(c('pause')) && !menu.has(c('shell')), state);
    }
  });

  it('offers the diagram, inspect, copy id and remove on every container', () => {
    for (const state of ['running', 'paused', 'exited', 'created', 'restarting', 'dead']) {
      const menu = offered(`container.${state}`);
      for (const command of ['workloadStacks.openStack', 'workloadStacks.inspect', 'workloadStacks.copyId', c('remove')]) assert.ok(menu.has(command), `${command} on ${state}`);
    }
  });

  it('offers nothing of a container on the engine, group or message rows', () => {
    for (const value of ['engine.connected', 'engine.error', 'composeProject', 'message.error', 'message.info']) {
      assert.deepStrictEqual([...offered(value)], [], value);
    }
  });

  it('offers shutdown, reboot, pause and force off on a running VM, resume on a paused one, start on a stopped one', () => {
    const v = (verb: string) => `workloadStacks.vm.${verb}`;
    const running = offered('vm.running');
    for (const verb of ['shutdown', 'reboot', 'pause', 'forceOff']) assert.ok(running.has(v(verb)), verb);
    assert.ok(!running.has(v('start')) && !running.has(v('resume')));
    assert.ok(offered('vm.paused').has(v('resume')) && !offered('vm.paused').has(v('pause')));
    assert.ok(offered('vm.exited').has(v('start')) && !offered('vm.exited').has(v('forceOff')));
    for (const command of [...offered('vm.running')]) assert.ok(!command.startsWith('workloadStacks.container.'), command);
    assert.ok(offered('vm.running').has('workloadStacks.openStack'));
  });

  it('offers Delete, logs and (while it runs) a shell on every pod, and no container lifecycle verb; a cluster root offers the other grouping of its pods', () => {
    const podVerbs = ['workloadStacks.container.logs', 'workloadStacks.container.shell'];
    assert.ok(offered('pod.running').has('workloadStacks.measureOverhead'), 'the overhead lab runs in a running pod by exec');
    assert.ok(!offered('pod.created').has('workloadStacks.measureOverhead'));
    for (const state of ['running', 'created', 'restarting', 'dead']) {
      const menu = offered(`pod.${state}`);
      assert.ok(menu.has('workloadStacks.pod.delete') && menu.has('workloadStacks.openStack') && menu.has('workloadStacks.inspect') && menu.has('workloadStacks.container.logs'), state);
      assert.strictEqual(menu.has('workloadStacks.container.shell'), state === 'running', `a shell only in a running pod (${state})`);
      for (const command of menu) assert.ok(podVerbs.includes(command) || (!command.startsWith('workloadStacks.container.') && !command.startsWith('workloadStacks.vm.')), command);
    }
    // A pod's container row: its logs always, its shell while it runs; nothing else acts on one container.
    assert.deepStrictEqual([...offered('podContainer.running')].sort(), podVerbs);
    assert.deepStrictEqual([...offered('podContainer.restarting')], ['workloadStacks.container.logs']);
    assert.deepStrictEqual([...offered('engine.connected.cluster')], ['workloadStacks.kubernetes.groupByNamespace']);
    assert.deepStrictEqual([...offered('engine.error.cluster', false, { 'config.workloadStacks.kubernetes.groupBy': 'namespace' })], ['workloadStacks.kubernetes.groupByNode']);
    assert.deepStrictEqual([...offered('engine.connected')], [], 'an engine offers no grouping of pods');
  });

  it('offers compare only on a multi-selection of workloads', () => {
    assert.ok(!offered('container.running').has('workloadStacks.compare'));
    assert.ok(offered('container.running', true).has('workloadStacks.compare'));
    assert.ok(offered('vm.running', true).has('workloadStacks.compare'));
    assert.ok(!offered('engine.connected', true).has('workloadStacks.compare'));
  });
});

describe('settings a workspace must not choose', () => {
  const properties: Record<string, { scope?: string }> = manifest.contributes.configuration.properties;
  // Every setting that names something to connect to or to run.
  const reaching = ['workloadStacks.docker.host', 'workloadStacks.engines', 'workloadStacks.kubernetes.kubeconfigs', 'workloadStacks.libvirt.uris', 'workloadStacks.overhead.sshTargets', 'workloadStacks.qemu.trustedUsers'];

  it('are machine-scoped (user settings only) and restricted in untrusted workspaces', () => {
    for (const key of reaching) assert.strictEqual(properties[key]?.scope, 'machine', key);
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.strictEqual(untrusted.supported, 'limited');
    assert.deepStrictEqual([...untrusted.restrictedConfigurations].sort(), [...reaching].sort());
  });
});

describe('the command id table', () => {
  it('names every command package.json contributes, and nothing else but the row click', () => {
    const contributed: string[] = manifest.contributes.commands.map((command: { command: string }) => command.command);
    const table = Object.values(COMMANDS) as string[];
    assert.deepStrictEqual([...contributed].sort(), table.filter((id) => id !== COMMANDS.showStackFromTree).sort());
    assert.ok(!contributed.includes(COMMANDS.showStackFromTree), 'the row click is no palette command');
  });
});
