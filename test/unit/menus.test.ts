// The context menu offers what fits a container's state: the `when` clauses in package.json are
// evaluated against the contextValue the tree gives each state.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../repoPaths';

interface MenuItem {
  command: string;
  when: string;
  group?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const itemMenu: MenuItem[] = manifest.contributes.menus['view/item/context'];

/** Evaluates the clause shapes the manifest uses: `a == b`, `a =~ /re/`, joined by `&&`. */
function matches(when: string, context: Record<string, string>): boolean {
  return when.split('&&').every((raw) => {
    const clause = raw.trim();
    const regex = /^(\S+) =~ \/(.*)\/$/.exec(clause);
    if (regex) return new RegExp(regex[2]).test(context[regex[1]] ?? '');
    const equals = /^(\S+) == (\S+)$/.exec(clause);
    if (equals) return context[equals[1]] === equals[2];
    throw new Error(`Unsupported when clause: ${clause}`);
  });
}

function offered(contextValue: string): Set<string> {
  const context = { view: 'workloadStacks.workloads', viewItem: contextValue };
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
});
