// Stacks of every workload kind for the webview tests, made by the extension's own mappers (compiled
// into out/ by `tsc -p test`): a container from its recorded stack, a VM from recorded libvirt
// output, this machine read live, and pods from recorded Kubernetes objects.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './webviewPage.mjs';

const require = createRequire(import.meta.url);
const fixtures = join(root, 'test', 'fixtures');
const read = (path) => readFileSync(join(fixtures, path), 'utf8');
const readJson = (path) => JSON.parse(read(path));

export function containerStack() {
  return readJson('webview/stack-container.json');
}

export function vmStack() {
  const { buildDomainStack } = require('../../out/src/providers/libvirt/stackMapper.js');
  return buildDomainStack({
    providerId: 'libvirt',
    uri: 'qemu:///system',
    uuid: 'cf754a0e-df59-4c6b-af73-2c3b39c5d710',
    dominfo: read('libvirt/system/dominfo-running.txt'),
    dumpxml: read('libvirt/system/dumpxml-running.xml'),
    domstats: read('libvirt/system/domstats-full-running.txt'),
    version: read('libvirt/system/version.txt'),
    nodeinfo: read('libvirt/system/nodeinfo.txt'),
    hostname: 'vm\n',
    blockInfo: read('libvirt/system/domblkinfo-all.txt'),
    guestAgent: { ok: false, reason: 'The guest agent does not answer.' },
    localHost: {
      cpuModel: { value: 'AMD EPYC 7R13 Processor', source: '/proc/cpuinfo' },
      osName: { value: 'Debian GNU/Linux 12 (bookworm)', source: '/etc/os-release' },
      kernel: { value: '6.1.0-27-amd64', source: '/proc/sys/kernel/osrelease' },
    },
    readAt: '2026-12-05T10:00:00.000Z',
  });
}

/** This machine, read now: its real bands, evidence and all. */
export async function hostStack() {
  const { HostProvider } = require('../../out/src/providers/host/hostProvider.js');
  const provider = new HostProvider();
  const { workloads } = await provider.list();
  return provider.inspectStack(workloads[0].ref);
}

/** Every recorded pod, drawn on its recorded node and RuntimeClass. */
export function podStacks() {
  const { buildPodStack } = require('../../out/src/providers/kubernetes/podStack.js');
  const byName = (file) => new Map(readJson(`kubernetes/${file}`).items.map((item) => [item.metadata.name, item]));
  const nodes = byName('nodes.json');
  const classes = byName('runtimeclasses.json');
  return readJson('kubernetes/pods.json').items.map((pod) =>
    buildPodStack({
      providerId: 'kubernetes:recorded',
      pod,
      node: pod.spec.nodeName ? nodes.get(pod.spec.nodeName) : undefined,
      runtimeClass: pod.spec.runtimeClassName ? classes.get(pod.spec.runtimeClassName) : undefined,
      readAt: '2026-12-05T10:00:00.000Z',
    }),
  );
}
