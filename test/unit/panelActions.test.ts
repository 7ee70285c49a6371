// The panel toolbar's buttons, as the typed service receives them: each button reaches the method
// of its own name, and a VM's Stop and Restart are a shutdown and a reboot, never a container verb.
import * as assert from 'assert';
import type { WorkloadKind, WorkloadTarget } from '../../src/shared/model';
import { PANEL_ACTIONS } from '../../src/shared/panelProtocol';
import { type WorkloadActions, runPanelAction } from '../../src/panel/panelActions';

function recorder(): { actions: WorkloadActions; calls: string[] } {
  const calls: string[] = [];
  const note = (what: string) => async (target: WorkloadTarget, action?: string) => {
    calls.push([what, target.name, action].filter(Boolean).join(' '));
  };
  return { calls, actions: { inspect: note('inspect'), followLogs: note('followLogs'), openShell: note('openShell'), changeState: note('changeState') } };
}

function target(kind: WorkloadKind): WorkloadTarget {
  return { ref: { providerId: kind === 'vm' ? 'libvirt' : 'docker', kind, id: `${kind}-1` }, name: `the ${kind}` };
}

describe('panel toolbar actions', () => {
  it('sends every button but Refresh to the service method of its own meaning', async () => {
    const { actions, calls } = recorder();
    for (const action of PANEL_ACTIONS) if (action !== 'refresh') await runPanelAction(actions, action, target('container'));
    assert.deepStrictEqual(calls, [
      'inspect the container',
      'followLogs the container',
      'openShell the container',
      'changeState the container start',
      'changeState the container stop',
      'changeState the container restart',
    ]);
  });

  it("makes a VM's Stop a shutdown and its Restart a reboot", async () => {
    const { actions, calls } = recorder();
    for (const action of ['start', 'stop', 'restart'] as const) await runPanelAction(actions, action, target('vm'));
    assert.deepStrictEqual(calls, ['changeState the vm start', 'changeState the vm shutdown', 'changeState the vm reboot']);
  });
});
