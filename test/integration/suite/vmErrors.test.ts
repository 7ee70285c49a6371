// Each error is explained by the source it came from: an Inspect of a VM that fails says what
// libvirt said, in libvirt's terms, never the Docker engine's diagnosis. The failure is real:
// libvirt's test driver reads its domains from a file, which is gone by the time of the Inspect.
import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../../src/api';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'workload-stacks.workload-stacks';
const DOMAIN_UUID = '6b3c6c0e-2f3a-4a51-9d0a-6f6a2c1b7e01';

describe('Errors explained by their own source', function () {
  this.timeout(60_000);
  let api: WorkloadStacksApi;
  let dir: string;
  let domains: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<WorkloadStacksApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    dir = mkdtempSync(path.join(os.tmpdir(), 'ws-vm-errors-'));
    domains = path.join(dir, 'domains.xml');
    writeFileSync(
      domains,
      `<node><domain type="test"><name>inspect-fails</name><uuid>${DOMAIN_UUID}</uuid><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain></node>\n`,
    );
    await vscode.workspace.getConfiguration('workloadStacks').update('libvirt.uris', [`test://${domains}`], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.view.extension.workloadStacks');
    await vscode.workspace.getConfiguration('workloadStacks').update('libvirt.uris', undefined, vscode.ConfigurationTarget.Global);
    rmSync(dir, { recursive: true, force: true });
  });

  it('explains a failing VM inspect with libvirt’s words, not Docker’s', async () => {
    const domain = await waitFor('the domain listed from the file', async () => {
      if (!api.catalog.source('libvirt')) return undefined;
      await api.catalog.refresh('libvirt');
      return api.catalog.listedWorkloads().find((workload) => workload.ref.providerId === 'libvirt' && workload.ref.id.endsWith(DOMAIN_UUID));
    });
    // With the view hidden nothing lists on its own, so the failure is the inspect's, not a list's.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the catalog to stop following its sources', () => (api.refresher.isWatching ? undefined : true));
    await api.catalog.refresh('libvirt'); // waits out any list begun while the view was visible
    assert.ok(api.catalog.summaryOf(domain.ref), 'still listed before the file goes');
    rmSync(domains); // virsh can no longer open the connection: the inspect fails for real

    const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const original = window.showErrorMessage;
    const errors: string[] = [];
    window.showErrorMessage = ((message: string) => (errors.push(message), Promise.resolve(undefined))) as typeof window.showErrorMessage;
    try {
      await vscode.commands.executeCommand('workloadStacks.inspect', { ref: domain.ref, name: domain.name });
      const message = await waitFor('the inspect failure message', () => errors[0], 10_000);
      assert.match(message, /^Could not inspect inspect-fails: libvirt: /);
      assert.match(message, /failed to (connect to the hypervisor|parse xml document)/i, `virsh's own words: ${message}`);
      assert.match(message, /virsh -c URI/);
      assert.doesNotMatch(message, /docker|engine|DOCKER_HOST/i, `nothing of Docker's diagnosis: ${message}`);
    } finally {
      window.showErrorMessage = original;
    }
  });
});
