// End to end with two engines: the packaged VSIX in code-server with the private dockerd and a
// private Podman beside it (added through workloadStacks.engines, as a user would). Both roots,
// a Podman pod, a Podman container's diagram, a compare across engines, and the Podman engine
// stopped mid-run while Docker goes on working, with no error pop-up.
import assert from 'node:assert';
import { startPrivatePodman } from '../../scripts/harness/podman.mjs';
import { compareFromTree, factValue, findTreeRow, findTreeRowByLabel, openActivity, openDiagramFromTree, runCommand, screenshot, screenshotIfFailed } from '../../scripts/harness/workbench.mjs';
import { openSession } from './session.mjs';

const PODMAN_ROOT = 'Podman (e2e)';
const IMAGE = 'localhost/local/busybox:latest';

describe('Workload Stacks end to end with Docker and Podman side by side', function () {
  this.timeout(300_000);
  let podman;
  let session;
  let page;

  before(async () => {
    podman = await startPrivatePodman({ label: 'e2e' });
    // No network on Podman: its bridge would change this machine's firewall.
    await podman.podman(['run', '--detach', '--name', 'e2e-podman-box', '--network', 'none', IMAGE, 'sleep', 'infinity']);
    await podman.podman(['pod', 'create', '--name', 'e2e-pod', '--network', 'none']);
    await podman.podman(['run', '--detach', '--pod', 'e2e-pod', '--name', 'e2e-pod-app', IMAGE, 'sleep', 'infinity']);
    session = await openSession({ prefix: 'ws-e2e-engines-', settings: { 'workloadStacks.engines': [{ host: podman.dockerHost, name: PODMAN_ROOT }] } });
    page = session.page;
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page);
  });

  after(async () => {
    await session?.close();
    await podman?.stop();
  });

  it('shows the Docker and the Podman engine as two roots, the pod as a group with its infra container', async () => {
    await findTreeRowByLabel(page, PODMAN_ROOT, { timeout: 60_000 });
    await findTreeRow(page, 'limited-box', { timeout: 60_000 });
    await findTreeRow(page, 'e2e-podman-box', { timeout: 60_000 });
    const pod = await findTreeRowByLabel(page, 'e2e-pod');
    assert.match((await pod.textContent()) ?? '', /Pod · 2\/2 running/);
    await findTreeRow(page, 'e2e-pod-app');
    await findTreeRow(page, 'infra · localhost/podman-pause');
    await screenshot(page, 'e2e-engines-tree');
  });

  it("draws a Podman pod member's diagram: the Podman engine, its pod and what it shares", async () => {
    const frame = await openDiagramFromTree(page, 'e2e-pod-app', /Stack: e2e-pod-app/);
    await frame.locator('[data-layer="isolation"]').waitFor({ timeout: 30_000 });
    assert.strictEqual(await factValue(frame, 'engine-name'), 'Podman Engine');
    assert.match(await factValue(frame, 'pod'), /^e2e-pod: shares ipc, net, uts namespaces with 2 containers through its infra container [0-9a-f]{12}$/);
    assert.match(await factValue(frame, 'network-mode'), /^shared with pod e2e-pod/);
    assert.strictEqual(await factValue(frame, 'rootless'), 'no: the engine runs as root');
    await screenshot(page, 'e2e-engines-podman-diagram');
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });
  });

  it('compares a Docker and a Podman container, and says where they differ', async () => {
    const frame = await compareFromTree(page, ['limited-box', 'e2e-podman-box']);
    assert.strictEqual(await frame.locator('.compare-column').count(), 2);
    const engineRow = frame.locator('.compare-differences tr[data-fact="engine-name"] td');
    await engineRow.first().waitFor({ timeout: 30_000 });
    assert.deepStrictEqual(await engineRow.allTextContents(), ['Docker Engine', 'Podman Engine']);
    await screenshot(page, 'e2e-engines-compare');
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });
  });

  it('keeps Docker working when the Podman engine stops mid-run, without an error pop-up', async () => {
    await podman.stop();
    podman = undefined;
    await runCommand(page, 'Workload Stacks: Refresh');
    // The Podman root says why under it; Docker's rows stay and its diagrams still open.
    await findTreeRow(page, 'socket does not exist', { timeout: 60_000 });
    await findTreeRowByLabel(page, PODMAN_ROOT);
    await findTreeRow(page, 'limited-box');
    const frame = await openDiagramFromTree(page, 'deep-image', /Stack: deep-image/);
    assert.strictEqual(await factValue(frame, 'engine-name'), 'Docker Engine');
    assert.strictEqual(await page.locator('.notification-toast').count(), 0, 'no pop-up for an engine that went away');
    await screenshot(page, 'e2e-engines-podman-stopped');
  });
});
