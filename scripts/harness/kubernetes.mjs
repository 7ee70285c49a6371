// A private Kubernetes control plane for the tests and the demo: etcd, kube-apiserver and kwok
// (which plays the kubelets of fake nodes and runs their pods' lifecycle), built from their Go
// modules once per version into .cache/kubernetes/ (scripts/harness/kube/README.md), started on
// loopback ports of their own with certificates made here, and a kubeconfig of its own: the
// user's clusters and ~/.kube are never read or written.
import { createServer } from 'node:net';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOnPath } from './apt.mjs';
import { logTail } from './dockerd.mjs';
import { isAlive, onCleanup, run, signalProcessGroup, sleep, sleepSync, spawnProcessGroup, waitForExit } from './processes.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const modulesDir = path.join(repoRoot, 'scripts', 'harness', 'kube');
export const KUBERNETES_VERSION = 'v1.37.2';
const ETCD_VERSION = 'v3.7.4';
const KWOK_VERSION = 'v0.8.0';
const cacheDir = path.join(repoRoot, '.cache', 'kubernetes');
const readyTimeoutMs = 60_000;
const stopGraceMs = 10_000;
/** The stage files kwok's own deployments use: nodes become Ready, pods Running, then Succeeded or deleted. */
const KWOK_STAGES = ['node/fast/node-initialize.yaml', 'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml', 'pod/fast/pod-ready.yaml', 'pod/fast/pod-complete.yaml', 'pod/fast/pod-delete.yaml'];

/** Go from PATH, else where its official archive puts it (a shell that did not source the profile). */
function goCommand() {
  const found = findOnPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!found) throw new Error('The tests build their Kubernetes control plane from Go modules: install Go 1.26 or newer (go is not on PATH).');
  return found;
}

function goEnv() {
  return { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
}

async function goBuild(label, output, args, { cwd, env = {}, built = (partial) => partial } = {}) {
  if (existsSync(output)) return;
  mkdirSync(path.dirname(output), { recursive: true });
  const started = Date.now();
  console.log(`[kubernetes] building ${label} (once per version; a cold build takes minutes)`);
  const partial = `${output}.partial`;
  rmSync(partial, { recursive: true, force: true });
  // Niced: a build must not starve the engines a test stage runs beside it.
  await run('nice', ['-n', '10', goCommand(), ...args(partial)], { cwd, env: { ...goEnv(), ...env } });
  renameSync(built(partial), output);
  rmSync(partial, { recursive: true, force: true });
  console.log(`[kubernetes] built ${label} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Builds what is missing and returns the paths of the three binaries and kwok's stage file. */
export async function ensureKubernetesBinaries() {
  const apiserver = path.join(cacheDir, `kube-apiserver-${KUBERNETES_VERSION}`);
  const etcd = path.join(cacheDir, `etcd-${ETCD_VERSION}`);
  const kwok = path.join(cacheDir, `kwok-${KWOK_VERSION}`);
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const versionFlags = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) => [
    `-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`,
  ]);
  // One at a time: two Go builds at once only share the same two cores.
  await goBuild(`kube-apiserver ${KUBERNETES_VERSION}`, apiserver, (out) => ['build', '-trimpath', '-ldflags', `-s -w ${versionFlags.join(' ')}`, '-o', out, '.'], { cwd: path.join(modulesDir, 'apiserver') });
  await goBuild(`etcd ${ETCD_VERSION}`, etcd, (out) => ['build', '-trimpath', '-ldflags', `-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=${ETCD_VERSION}`, '-o', out, 'go.etcd.io/etcd/server/v3'], { cwd: path.join(modulesDir, 'etcd') });
  // kwok's module has no replace directives: `go install pkg@version` builds it as published, into a folder of its own.
  await goBuild(`kwok ${KWOK_VERSION}`, kwok, () => ['install', '-trimpath', '-ldflags', '-s -w', `sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}`], {
    cwd: repoRoot,
    env: { GOBIN: `${kwok}.partial` },
    built: (partial) => path.join(partial, 'kwok'),
  });
  const stages = path.join(cacheDir, `kwok-stages-${KWOK_VERSION}.yaml`);
  if (!existsSync(stages)) {
    const source = path.join(await kwokModuleDir(), 'kustomize', 'stage');
    writeFileSync(stages, KWOK_STAGES.map((file) => readFileSync(path.join(source, file), 'utf8').trim()).join('\n---\n') + '\n');
  }
  return { apiserver, etcd, kwok, stages };
}

/** kubelet of the same release, for the real node (realNode.mjs): built once, like the apiserver. */
export async function ensureKubelet() {
  const kubelet = path.join(cacheDir, `kubelet-${KUBERNETES_VERSION}`);
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const versionFlags = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) => [`-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`, `-X ${pkg}.gitTreeState=clean`]);
  await goBuild(`kubelet ${KUBERNETES_VERSION}`, kubelet, (out) => ['build', '-trimpath', '-ldflags', `-s -w ${versionFlags.join(' ')}`, '-o', out, '.'], { cwd: path.join(modulesDir, 'kubelet') });
  return kubelet;
}

let kwokDir;
/** kwok's module source in the Go module cache (downloaded once): its main package and its stage files. */
async function kwokModuleDir() {
  if (kwokDir) return kwokDir;
  const { stdout } = await run(goCommand(), ['mod', 'download', '-json', `sigs.k8s.io/kwok@${KWOK_VERSION}`], { env: goEnv(), cwd: repoRoot });
  kwokDir = JSON.parse(stdout).Dir;
  return kwokDir;
}

/** A port no one listens on at `address` now (the kernel's pick), for a server started right after. */
export function freePort(address = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function openssl(args, cwd) {
  await run('openssl', args, { cwd });
}

/** A CA, the apiserver's serving certificate, an admin (system:masters) client and the service-account keys. */
async function makePki(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=workload-stacks-test-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  writeFileSync(path.join(dir, 'server.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n');
  writeFileSync(path.join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'], dir);
  await openssl(['x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'apiserver.crt', '-days', '30', '-extfile', 'server.ext'], dir);
  await clientCertificate(dir, 'admin', 'system:masters');
  await openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  await openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/** A serving certificate for `ip`, signed by the cluster's CA (a real node's kubelet, which the apiserver verifies). */
export async function servingCertificate(pki, name, ip) {
  writeFileSync(path.join(pki, `${name}.ext`), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:${ip}\n`);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], pki);
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '30', '-extfile', `${name}.ext`], pki);
  return { cert: path.join(pki, `${name}.crt`), key: path.join(pki, `${name}.key`) };
}

/** A client certificate for `user` (in `group`), signed by the cluster's CA: how the tests make users RBAC knows. */
async function clientCertificate(dir, user, group) {
  const subject = group ? `/O=${group}/CN=${user}` : `/CN=${user}`;
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${user}.key`, '-out', `${user}.csr`, '-subj', subject], dir);
  await openssl(['x509', '-req', '-in', `${user}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${user}.crt`, '-days', '30', '-extfile', 'client.ext'], dir);
  return { cert: path.join(dir, `${user}.crt`), key: path.join(dir, `${user}.key`) };
}

function kubeconfigText({ name, server, ca, cert, key, namespace }) {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority: ${ca}`,
    'users:',
    `- name: ${name}-user`,
    '  user:',
    `    client-certificate: ${cert}`,
    `    client-key: ${key}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-user`,
    ...(namespace ? [`    namespace: ${namespace}`] : []),
    `current-context: ${name}`,
    '',
  ].join('\n');
}

/**
 * Starts etcd, kube-apiserver and kwok on loopback and waits until the apiserver is ready and kwok
 * manages nodes. Returns { dir, server, kubeconfig, contextName, request(method, path, body),
 * create(collection, object), userKubeconfig(user, options), stop() }.
 * `watchCache: false` serves watches from etcd itself, whose compaction (a test can ask for one)
 * then answers an old resourceVersion with 410 Gone; the apiserver's cache answers it with bookmarks.
 */
export async function startPrivateCluster({ label, contextName = 'ws-test-cluster', watchCache = true }) {
  if (process.platform !== 'linux') throw new Error('The private cluster needs Linux.');
  const binaries = await ensureKubernetesBinaries();
  const dir = mkdtempSync('/tmp/wsk-');
  const pki = path.join(dir, 'pki');
  const children = [];
  let stopping;
  const stop = () => {
    stopping ??= stopAll().finally(unregister);
    return stopping;
  };
  const unregister = onCleanup(`private cluster ${dir} (${label})`, stop, () => {
    for (const child of [...children].reverse()) {
      if (!isAlive(child.pid)) continue;
      signalProcessGroup(child.pid, 'SIGTERM');
      for (let waited = 0; waited < stopGraceMs && isAlive(child.pid); waited += 100) sleepSync(100);
      signalProcessGroup(child.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });
  async function stopAll() {
    for (const child of [...children].reverse()) {
      if (signalProcessGroup(child.pid, 'SIGTERM') && !(await waitForExit(child, stopGraceMs))) {
        signalProcessGroup(child.pid, 'SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const start = (name, command, args, env) => {
    const logFile = path.join(dir, `${name}.log`);
    const log = openSync(logFile, 'a');
    const child = spawnProcessGroup(command, args, { stdio: ['ignore', log, log], env: { ...process.env, ...env } });
    children.push(child);
    return { child, logFile };
  };
  try {
    await makePki(pki);
    const [etcdClient, etcdPeer, securePort, kubeletPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const etcd = start('etcd', binaries.etcd, [
      '--name', 'ws-test', '--data-dir', path.join(dir, 'etcd'),
      '--listen-client-urls', etcdUrl, '--advertise-client-urls', etcdUrl,
      '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster', `ws-test=http://127.0.0.1:${etcdPeer}`, '--initial-cluster-state', 'new',
      '--listen-metrics-urls=', '--log-level', 'warn', '--logger', 'zap', '--unsafe-no-fsync',
    ]);
    await waitUntil(`etcd (${etcd.logFile})`, etcd, async () => (await httpGet(`${etcdUrl}/health`)).includes('"health":"true"'));
    const server = `https://127.0.0.1:${securePort}`;
    const apiserver = start('kube-apiserver', binaries.apiserver, [
      `--etcd-servers=${etcdUrl}`, '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${securePort}`,
      `--tls-cert-file=${pki}/apiserver.crt`, `--tls-private-key-file=${pki}/apiserver.key`, `--client-ca-file=${pki}/ca.crt`,
      '--authorization-mode=Node,RBAC', '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki}/sa.pub`, `--service-account-signing-key-file=${pki}/sa.key`,
      '--api-audiences=https://kubernetes.default.svc.cluster.local', '--service-cluster-ip-range=10.96.0.0/16',
      '--allow-privileged=true', '--enable-priority-and-fairness=false', '--profiling=false', '--anonymous-auth=false',
      '--endpoint-reconciler-type=none',
      // No controller-manager runs here: nothing would take away the not-ready taint this plugin adds.
      '--disable-admission-plugins=ServiceAccount,TaintNodesByCondition',
      '--etcd-compaction-interval=0', '--v=0',
      // Logs and exec go through the apiserver to the node's kubelet endpoint: kwok's, on loopback.
      '--kubelet-preferred-address-types=InternalIP', `--kubelet-certificate-authority=${pki}/ca.crt`,
      `--kubelet-client-certificate=${pki}/admin.crt`, `--kubelet-client-key=${pki}/admin.key`,
      ...(watchCache ? [] : ['--watch-cache=false']),
    ]);
    const admin = { ca: path.join(pki, 'ca.crt'), cert: path.join(pki, 'admin.crt'), key: path.join(pki, 'admin.key') };
    const request = (method, apiPath, body, credentials = admin) => apiRequest(server, credentials, method, apiPath, body);
    await waitUntil(`kube-apiserver (${apiserver.logFile})`, apiserver, async () => (await request('GET', '/readyz').catch(() => ({ status: 0 }))).status === 200);
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigText({ name: contextName, server, ...admin }));
    const podLogs = { current: path.join(dir, 'pod-logs', 'current.log'), previous: path.join(dir, 'pod-logs', 'previous.log') };
    const kwokConfig = writeKwokConfig(dir, binaries.stages, podLogs);
    const kwok = start('kwok', binaries.kwok, [
      `--kubeconfig=${kubeconfig}`, `--config=${kwokConfig}`,
      // kwok's kubelet API (logs, exec), served with the apiserver's certificate (for 127.0.0.1).
      `--server-address=127.0.0.1:${kubeletPort}`, `--node-port=${kubeletPort}`, `--tls-cert-file=${pki}/apiserver.crt`, `--tls-private-key-file=${pki}/apiserver.key`,
      '--manage-all-nodes=false', '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake', '--manage-nodes-with-label-selector=',
      // No node leases: with them, kwok skips a pod as read-only while its lease cache has not yet
      // seen the lease it has just created, and never looks at that pod again (kwok v0.8.0; 1 start
      // in 8 here after dropping the page cache). Nothing else in a cluster of one kwok needs them.
      '--cidr=10.0.0.1/24', '--node-ip=127.0.0.1', '--node-lease-duration-seconds=0',
      // WS_KWOK_DEBUG=1 logs why kwok skips each object.
      ...(process.env.WS_KWOK_DEBUG ? ['-v=DEBUG'] : []),
    ], { HOME: dir });
    console.log(`[kubernetes] private cluster ${server} (${dir}, ${label})`);
    return {
      dir,
      server,
      etcdUrl,
      kubeconfig,
      contextName,
      kwokLog: kwok.logFile,
      /**
       * The log every pod's containers show, in the CRI format kubelet writes (`<RFC3339Nano time>
       * stdout F <line>`): a test appends to `current` and reads it back through the apiserver;
       * `previous` is what ?previous=true answers.
       */
      podLogs,
      /** The last lines kwok and the apiserver logged, for a failure's message (the folder goes at stop). */
      logTails: () => `kwok:\n${logTail(kwok.logFile, 20)}\nkube-apiserver:\n${logTail(apiserver.logFile, 10)}`,
      request,
      /** Creates `object` (POST to `collectionPath`); resolves with the created object. */
      async create(collectionPath, object, credentials) {
        const answer = await request('POST', collectionPath, object, credentials);
        if (answer.status !== 201 && answer.status !== 200) throw new Error(`POST ${collectionPath}: ${answer.status} ${answer.text.slice(0, 300)}`);
        return answer.json;
      },
      /** A kubeconfig for another user (a client certificate of this cluster's CA), for RBAC tests. */
      async userKubeconfig(user, { group, namespace, name = `${contextName}-${user}` } = {}) {
        const { cert, key } = await clientCertificate(pki, user, group);
        const file = path.join(dir, `kubeconfig-${user}`);
        writeFileSync(file, kubeconfigText({ name, server, ca: admin.ca, cert, key, namespace }));
        return { file, contextName: name, credentials: { ca: admin.ca, cert, key } };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * kwok's configuration: the stages, and where its kubelet API takes pod logs (one CRI log file for
 * every container) and exec (a local process in a folder of the cluster's own, as nobody when the
 * tests run as root).
 */
function writeKwokConfig(dir, stagesFile, podLogs) {
  mkdirSync(path.dirname(podLogs.current), { recursive: true });
  writeFileSync(podLogs.current, '');
  writeFileSync(podLogs.previous, '');
  // Exec runs as nobody, who may pass through the cluster's folder (not list it) to this one; the
  // keys stay in pki/, which only its owner may enter.
  const execDir = path.join(dir, 'exec');
  mkdirSync(execDir, { recursive: true });
  chmodSync(dir, 0o711);
  chmodSync(execDir, 0o755);
  const asNobody = process.getuid?.() === 0 ? { securityContext: { runAsUser: 65534, runAsGroup: 65534 } } : {};
  const documents = [
    { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'ClusterLogs', metadata: { name: 'every-pod' }, spec: { logs: [{ logsFile: podLogs.current, previousLogsFile: podLogs.previous, follow: true }] } },
    { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'ClusterExec', metadata: { name: 'every-pod' }, spec: { execs: [{ local: { workDir: execDir, envs: [{ name: 'HOME', value: execDir }, { name: 'PATH', value: '/usr/bin:/bin' }], ...asNobody } }] } },
  ];
  const file = path.join(dir, 'kwok.yaml');
  // JSON is YAML: one document each, after the stage file's.
  writeFileSync(file, `${readFileSync(stagesFile, 'utf8').trim()}\n${documents.map((document) => `---\n${JSON.stringify(document)}\n`).join('')}`);
  return file;
}

async function waitUntil(what, started, ready) {
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (started.child.exitCode !== null || started.child.signalCode !== null) throw new Error(`${what} exited before it was ready. Log tail:\n${logTail(started.logFile)}`);
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${readyTimeoutMs / 1000} s. Log tail:\n${logTail(started.logFile)}`);
    await sleep(100);
  }
}

function httpGet(url) {
  return fetch(url).then((response) => response.text());
}

/** One API call with a client certificate; resolves with { status, text, json }. */
export function apiRequest(server, { ca, cert, key }, method, apiPath, body) {
  const url = new URL(apiPath, server);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method,
        ca: readFileSync(ca),
        cert: readFileSync(cert),
        key: readFileSync(key),
        headers: { Accept: 'application/json', ...(payload !== undefined ? { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {}) },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode, text, json });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
