// A pod's logs and shell through the real API server: it forwards both to the node's kubelet API,
// here kwok's, which serves a CRI log file (the format kubelet writes) and runs exec as a local
// process (as nobody, in a folder of the cluster's own).
import * as assert from 'assert';
import * as fs from 'fs';
import { discoverClusters } from '../../src/providers/kubernetes/clusterDiscovery';
import { KubernetesProvider } from '../../src/providers/kubernetes/kubernetesProvider';
import type { Closeable } from '../../src/providers/provider';
import type { WorkloadRef } from '../../src/shared/model';
import { adminRequest, cluster, quietLog } from '../clusterFixture';

function provider(): KubernetesProvider {
  const [found] = discoverClusters({ files: [cluster.kubeconfig()], look: false });
  return new KubernetesProvider({ cluster: found, namespaces: () => [], timeoutMs: () => 10_000, log: quietLog });
}

const pod = (id: string): WorkloadRef => ({ kind: 'pod', providerId: cluster.context(), id });

/** Appends lines to the log kwok serves, stamped as kubelet stamps them (RFC 3339, nanoseconds). */
function writeLogLines(...lines: string[]): void {
  const stamped = lines.map((line) => `${new Date().toISOString().replace('Z', '123456Z')} stdout F ${line}\n`).join('');
  fs.appendFileSync(cluster.podLogs().current, stamped);
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A pod of its own on a kwok node, Running; deleted by the caller. */
async function runPod(name: string, containers = ['app']): Promise<void> {
  const created = await adminRequest('POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { nodeName: 'metal-node', terminationGracePeriodSeconds: 0, containers: containers.map((container) => ({ name: container, image: 'registry.example/web:1.4.2' })) },
  });
  assert.strictEqual(created.status, 201, JSON.stringify(created.json).slice(0, 300));
  const phase = async () => ((await adminRequest('GET', `/api/v1/namespaces/default/pods/${name}`)).json as { status?: { phase?: string } }).status?.phase;
  const deadline = Date.now() + 15_000;
  while ((await phase()) !== 'Running') {
    if (Date.now() > deadline) throw new Error(`kwok did not run the pod ${name} within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function setRestarts(name: string, restartCount: number): Promise<void> {
  const current = await adminRequest('GET', `/api/v1/namespaces/default/pods/${name}`);
  const status = (current.json as { status: { containerStatuses: { restartCount: number }[] } }).status;
  const containerStatuses = status.containerStatuses.map((entry) => ({ ...entry, restartCount, state: { running: { startedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } } }));
  const patched = await adminRequest('PATCH', `/api/v1/namespaces/default/pods/${name}/status`, { status: { containerStatuses } });
  assert.strictEqual(patched.status, 200, JSON.stringify(patched.json).slice(0, 300));
}

describe('Kubernetes: a pod’s logs and shell through the API server', function () {
  this.timeout(60_000);
  const open: Closeable[] = [];
  afterEach(() => {
    for (const closeable of open.splice(0)) closeable.close();
  });

  it('follows a container’s log as kubelet writes it, and resumes after a restart without showing a line twice', async () => {
    const kube = provider();
    await runPod('logs-follow');
    let output = '';
    const notices: string[] = [];
    writeLogLines('first line before following');
    open.push(kube.followLogs(pod('default/logs-follow'), false, { onOutput: (text) => (output += text), onNotice: (text) => notices.push(text) }));
    await waitFor('the line written before following', () => output.includes('first line before following\n'));
    writeLogLines('second line, <b>not HTML</b> `nor markdown`');
    await waitFor('a line written while following', () => output.includes('second line, <b>not HTML</b> `nor markdown`\n'));
    assert.ok(!/\d{4}-\d\d-\d\dT/.test(output), `kubelet's timestamps are not shown: ${output}`);

    await setRestarts('logs-follow', 1);
    await waitFor('the restart notice', () => notices.some((text) => /Container app restarted \(restart 1\)/.test(text)));
    writeLogLines('third line, after the restart');
    await waitFor('the line written after the restart', () => output.includes('third line, after the restart\n'));
    for (const line of ['first line before following', 'second line', 'third line']) {
      assert.strictEqual(output.split(line).length - 1, 1, `"${line}" shows once across the restart: ${output}`);
    }
    await adminRequest('DELETE', '/api/v1/namespaces/default/pods/logs-follow');
  });

  it('marks each line with its container when a pod has several, and follows one container alone from its row', async () => {
    const kube = provider();
    await runPod('logs-two', ['web', 'sidecar']);
    let all = '';
    let one = '';
    open.push(kube.followLogs(pod('default/logs-two'), false, { onOutput: (text) => (all += text), onNotice: () => undefined }));
    open.push(kube.followLogs(pod('default/logs-two'), false, { onOutput: (text) => (one += text), onNotice: () => undefined }, { container: 'sidecar' }));
    writeLogLines('a line from both containers');
    // kwok serves one log file for every container: each container's stream carries the line.
    await waitFor('the line from each container', () => all.includes('[web] a line from both containers\n') && all.includes('[sidecar] a line from both containers\n'));
    await waitFor('the line from the sidecar alone', () => one.includes('a line from both containers\n'));
    assert.ok(!one.includes('[sidecar]') && !one.includes('[web]'), `one container's logs carry no marks: ${one.slice(-200)}`);
    await adminRequest('DELETE', '/api/v1/namespaces/default/pods/logs-two');
  });

  it('says so when the pod is deleted while its logs are followed', async () => {
    const kube = provider();
    await runPod('logs-then-deleted');
    const notices: string[] = [];
    let output = '';
    open.push(kube.followLogs(pod('default/logs-then-deleted'), false, { onOutput: (text) => (output += text), onNotice: (text) => notices.push(text) }));
    writeLogLines('a line for the short-lived pod');
    await waitFor('the pod to run and its log to show', () => output.includes('a line for the short-lived pod'));
    await adminRequest('DELETE', '/api/v1/namespaces/default/pods/logs-then-deleted');
    await waitFor('the deletion notice', () => notices.some((text) => text.includes('The pod was deleted')));
  });

  it('opens a shell by exec with a TTY: it runs what is typed, takes the terminal size and ends with the shell', async () => {
    const kube = provider();
    let output = '';
    let exitCode: number | undefined | null = null;
    const session = await kube.openShell(pod('default/metal-app'), { onOutput: (text) => (output += text), onExit: (code) => (exitCode = code) });
    session.resize(132, 43);
    // The size travels on its own channel; the shell waits (up to 5 s) until its TTY has it.
    session.write('for i in $(seq 50); do [ "$(stty size)" = "43 132" ] && break; sleep 0.1; done; echo "size:$(stty size | tr \' \' x)" "ws-$((6 * 7))" "uid:$(id -u)"\n');
    await waitFor('the shell to answer', () => /ws-42 uid:\d+/.test(output));
    assert.match(output, /size:43x132 ws-42/, 'the TTY has the size the terminal sent');
    if (process.getuid?.() === 0) assert.match(output, /ws-42 uid:65534/, 'the shell runs as nobody, as the cluster configured its exec');
    // kwok reports a non-zero exit as an internal error, where kubelet names the code (unit-tested
    // on kubelet's shape); a clean exit is Success from both.
    session.write('exit 0\n');
    await waitFor('the shell to exit', () => exitCode !== null);
    assert.strictEqual(exitCode, 0);
  });

  it('refuses a shell in a pod whose container does not run, saying why', async () => {
    await assert.rejects(provider().openShell(pod('default/crashloop'), { onOutput: () => undefined, onExit: () => undefined }), /Container app of crashloop is not running \(CrashLoopBackOff\)/);
  });
});
