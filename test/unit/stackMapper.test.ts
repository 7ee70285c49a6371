import { strict as assert } from 'assert';
import { buildContainerStack, type ContainerStackInput } from '../../src/providers/docker/stackMapper';
import type { Fact, Layer, LayerKind, Stack } from '../../src/shared/model';
import { isStack } from '../../src/shared/protocol';
import { readJsonFixture } from '../repoPaths';

const READ_AT = '2026-11-29T05:40:00.000Z';
const OLD = 'docker/engine-20.10';
const NEW = 'docker/engine-27-cgroupv2';

interface RecordedInfo {
  NCPU: number;
  OperatingSystem: string;
  KernelVersion: string;
}

interface RecordedHistoryEntry {
  Id: string;
  CreatedBy: string;
  Size: number;
  Comment: string;
}

interface RecordedTop {
  Titles: string[];
  Processes: string[][];
}

/** The inputs the provider gathers for one container of the recorded 20.10 engine. */
function recordedInput(container: string, image: 'busybox' | 'h3web', overrides: Partial<ContainerStackInput> = {}): ContainerStackInput {
  let top: unknown;
  try {
    top = readJsonFixture(`${OLD}/top-${container}.json`);
  } catch {
    top = new Error('Container is not running');
  }
  return {
    providerId: 'docker',
    info: readJsonFixture(`${OLD}/info.json`),
    version: readJsonFixture(`${OLD}/version.json`),
    container: readJsonFixture(`${OLD}/inspect-${container}.json`),
    image: readJsonFixture(`${OLD}/image-${image}.json`),
    history: readJsonFixture(`${OLD}/history-${image}.json`),
    top,
    readAt: READ_AT,
    ...overrides,
  };
}

function newEngineInput(overrides: Partial<ContainerStackInput> = {}): ContainerStackInput {
  return {
    providerId: 'docker',
    info: readJsonFixture(`${NEW}/info.json`),
    version: readJsonFixture(`${NEW}/version.json`),
    container: readJsonFixture(`${NEW}/inspect-api.json`),
    image: readJsonFixture(`${NEW}/image-api.json`),
    history: readJsonFixture(`${NEW}/history-api.json`),
    top: { Titles: ['PID', 'CMD'], Processes: [['1', 'node server.js']] },
    readAt: '2025-01-14T10:12:01.007Z',
    ...overrides,
  };
}

function band(stack: Stack, kind: LayerKind): Layer {
  const layer = stack.layers.find((candidate) => candidate.kind === kind);
  assert.ok(layer, `no ${kind} band`);
  return layer;
}

function factOf(stack: Stack, kind: LayerKind, key: string): Fact {
  const found = band(stack, kind).facts.find((candidate) => candidate.key === key);
  assert.ok(found, `no fact ${key} in the ${kind} band`);
  return found;
}

function value(stack: Stack, kind: LayerKind, key: string): string {
  return factOf(stack, kind, key).value;
}

describe('buildContainerStack', () => {
  describe('a healthy web container recorded from Docker 20.10', () => {
    const stack = buildContainerStack(recordedInput('web', 'h3web'));
    const info = readJsonFixture<RecordedInfo>(`${OLD}/info.json`);

    it('names the container and its state, and passes the protocol guard', () => {
      assert.equal(stack.name, 'web');
      assert.equal(stack.state, 'running (healthy)');
      assert.equal(stack.readAt, READ_AT);
      assert.equal(stack.workload.kind, 'container');
      assert.equal(stack.workload.id, '8030ffa83a0ec58d865bdd5f9d44d51aae5f0775c7042972f6ee428a2f072530');
      assert.ok(isStack(JSON.parse(JSON.stringify(stack))));
    });

    it('orders the bands bottom-up, with no hypervisor on bare Debian', () => {
      assert.deepEqual(
        stack.layers.map((layer) => layer.kind),
        ['hardware', 'host-os', 'engine', 'isolation', 'libraries', 'app'],
      );
      assert.ok(stack.layers.every((layer) => layer.unavailable === undefined));
    });

    it('gives every fact a source naming the call and field', () => {
      for (const fact of stack.layers.flatMap((layer) => layer.facts)) {
        assert.match(fact.source, /^(GET \/|not in GET)/, `${fact.key} has source ${fact.source}`);
        assert.equal(typeof fact.value, 'string');
      }
    });

    it('reads the hardware and host OS from /info', () => {
      assert.equal(value(stack, 'hardware', 'cpus'), String(info.NCPU));
      assert.equal(value(stack, 'hardware', 'memory'), '23.5 GiB');
      assert.match(value(stack, 'hardware', 'cpu-model'), /^unknown/);
      assert.equal(value(stack, 'hardware', 'architecture'), 'x86_64');
      assert.equal(value(stack, 'host-os', 'os'), info.OperatingSystem);
      assert.equal(value(stack, 'host-os', 'kernel'), info.KernelVersion);
      assert.equal(value(stack, 'host-os', 'os-type'), 'linux');
      assert.equal(factOf(stack, 'host-os', 'kernel').source, 'GET /info → KernelVersion');
    });

    it('describes the engine from /version and /info', () => {
      assert.equal(value(stack, 'engine', 'engine-version'), '20.10.24+dfsg1');
      assert.equal(value(stack, 'engine', 'api-version'), '1.41');
      assert.equal(value(stack, 'engine', 'storage-driver'), 'overlay2');
      assert.equal(value(stack, 'engine', 'image-store'), 'classic (graph driver)');
      assert.equal(value(stack, 'engine', 'cgroup-driver'), 'cgroupfs');
      assert.equal(value(stack, 'engine', 'cgroup-version'), '1');
      assert.equal(value(stack, 'engine', 'runtimes'), 'io.containerd.runc.v2, io.containerd.runtime.v1.linux, runc');
      assert.equal(value(stack, 'engine', 'default-runtime'), 'runc');
      assert.equal(value(stack, 'engine', 'containerd'), '1.6.20~ds1');
      assert.equal(value(stack, 'engine', 'runc'), '1.1.5+ds1');
      assert.equal(value(stack, 'engine', 'security-options'), 'name=seccomp,profile=default');
    });

    it('shows the defaults of an unconstrained container as such', () => {
      assert.equal(value(stack, 'isolation', 'runtime'), 'runc');
      assert.equal(value(stack, 'isolation', 'pid-mode'), 'private (default)');
      assert.equal(value(stack, 'isolation', 'network-mode'), 'bridge (default)');
      assert.equal(value(stack, 'isolation', 'ipc-mode'), 'private');
      assert.equal(value(stack, 'isolation', 'userns-mode'), 'host (default: no remapping)');
      assert.equal(value(stack, 'isolation', 'cpu-limit'), 'unlimited');
      assert.equal(value(stack, 'isolation', 'cpu-shares'), '1024 (default)');
      assert.equal(value(stack, 'isolation', 'memory-limit'), 'unlimited');
      assert.equal(value(stack, 'isolation', 'pids-limit'), 'unlimited');
      assert.equal(value(stack, 'isolation', 'privileged'), 'no');
      assert.equal(value(stack, 'isolation', 'read-only-rootfs'), 'no');
      assert.equal(value(stack, 'isolation', 'seccomp'), 'default profile');
      assert.match(value(stack, 'isolation', 'apparmor'), /^none \(AppArmor is not enabled/);
      assert.equal(value(stack, 'isolation', 'user'), 'root (default)');
    });

    it('lists the image and every history entry, newest first', () => {
      const history = readJsonFixture<RecordedHistoryEntry[]>(`${OLD}/history-h3web.json`);
      const libraries = band(stack, 'libraries');
      assert.equal(value(stack, 'libraries', 'image'), 'local/h3web:1');
      assert.equal(value(stack, 'libraries', 'image-id'), '7f4bc5fb687e');
      assert.equal(value(stack, 'libraries', 'image-size'), '1.9 MiB');
      assert.equal(value(stack, 'libraries', 'image-os'), 'linux/amd64');
      assert.equal(value(stack, 'libraries', 'image-layers'), '3 (10 history entries)');
      assert.equal(value(stack, 'libraries', 'base'), 'local/busybox:latest');
      assert.ok(libraries.imageLayers);
      assert.equal(libraries.imageLayers.length, history.length);
      assert.deepEqual(
        libraries.imageLayers.map((layer) => [layer.id, layer.sizeBytes]),
        history.map((entry) => [entry.Id, entry.Size]),
      );
      assert.equal(libraries.imageLayers[0].createdBy, 'CMD ["-h" "/srv/www"]');
      assert.equal(libraries.imageLayers[0].created, '2026-11-29T05:38:23.000Z');
      assert.equal(libraries.imageLayers[7].createdBy, "RUN mkdir -p /srv/www && echo '<h1>hello</h1>' > /srv/www/index.html");
      assert.equal(libraries.imageLayers[9].comment, 'Imported from -');
    });

    it('describes the running application', () => {
      const top = readJsonFixture<RecordedTop>(`${OLD}/top-web.json`);
      assert.equal(value(stack, 'app', 'entrypoint'), '/bin/httpd -f -p 8080');
      assert.equal(value(stack, 'app', 'command'), '/bin/httpd -f -p 8080 -h /srv/www');
      assert.equal(value(stack, 'app', 'processes'), String(top.Processes.length));
      assert.deepEqual(band(stack, 'app').processes, { titles: top.Titles, rows: top.Processes.map((cells) => ({ cells })) });
      assert.equal(value(stack, 'app', 'ports'), '0.0.0.0:18080→8080/tcp\n[::]:18080→8080/tcp\n127.0.0.1:18443→8443/udp');
      assert.equal(factOf(stack, 'app', 'ports').multiline, true);
      assert.equal(value(stack, 'app', 'mounts'), 'bind /tmp/h3d/share→/data (ro)\nvolume h3vol→/cache (rw)');
      assert.equal(value(stack, 'app', 'restart-count'), '0');
      assert.equal(value(stack, 'app', 'restart-policy'), 'unless-stopped');
      assert.equal(value(stack, 'app', 'state'), 'running');
      assert.equal(value(stack, 'app', 'uptime'), '1m 35s');
      assert.equal(value(stack, 'app', 'health'), 'healthy');
      assert.equal(value(stack, 'app', 'health-log'), 'exit 0 at 2026-11-29T05:38:36.826513717Z\nHTTP/1.1 200 OK');
      assert.equal(value(stack, 'app', 'working-dir'), '/srv/www');
      assert.equal(value(stack, 'app', 'networks'), 'bridge 10.203.7.3');
    });
  });

  it('leaves processes out when they were not asked for (a comparison), without an error note', () => {
    const stack = buildContainerStack({ ...recordedInput('web', 'h3web'), top: undefined });
    assert.equal(band(stack, 'app').facts.some((f) => f.key === 'processes'), false);
    assert.equal(band(stack, 'app').processes, undefined);
    assert.equal(band(stack, 'app').unavailable, undefined);
  });

  describe('the limited container recorded from Docker 20.10', () => {
    const stack = buildContainerStack(recordedInput('limited', 'busybox'));

    it('shows its cgroup limits in words', () => {
      assert.equal(value(stack, 'isolation', 'cpu-limit'), '0.5 CPUs');
      assert.equal(value(stack, 'isolation', 'memory-limit'), '64 MiB');
      assert.equal(value(stack, 'isolation', 'memory-swap'), '128 MiB');
      assert.equal(value(stack, 'isolation', 'pids-limit'), '50');
      assert.equal(factOf(stack, 'isolation', 'memory-limit').source, 'GET /containers/{id}/json → HostConfig.Memory');
    });

    it('shows its capabilities and hardening', () => {
      assert.equal(value(stack, 'isolation', 'cap-drop'), 'CAP_NET_RAW');
      assert.equal(value(stack, 'isolation', 'cap-add'), 'CAP_SYS_TIME');
      assert.equal(value(stack, 'isolation', 'privileged'), 'no');
      assert.equal(value(stack, 'isolation', 'read-only-rootfs'), 'yes');
      assert.equal(value(stack, 'isolation', 'no-new-privileges'), 'yes');
      assert.equal(value(stack, 'isolation', 'init'), 'yes (docker-init is PID 1)');
      assert.equal(value(stack, 'isolation', 'user'), '65534:65534');
    });

    it('gives each environment variable as a secret fact with its real value', () => {
      assert.equal(value(stack, 'app', 'env-count'), '3');
      const secret = factOf(stack, 'app', 'env:SECRET');
      assert.equal(secret.value, 'x');
      assert.equal(secret.secret, true);
      assert.equal(value(stack, 'app', 'env:MOTTO'), 'two words');
    });

    it('keeps labels as plain text, HTML-looking ones included', () => {
      assert.equal(value(stack, 'app', 'label-count'), '3');
      assert.equal(
        value(stack, 'app', 'labels'),
        'com.docker.compose.project=shop\ncom.docker.compose.service=api\nnote=<img src=x onerror=alert(1)>',
      );
    });

    it('lists tmpfs mounts and names an imported base image', () => {
      assert.equal(value(stack, 'app', 'mounts'), 'tmpfs→/run (size=1m)');
      assert.equal(value(stack, 'app', 'hostname'), 'limhost');
      assert.equal(value(stack, 'libraries', 'base'), 'local/busybox:latest (imported from a tarball)');
      assert.equal(value(stack, 'libraries', 'image-layers'), '1 (1 history entry)');
    });
  });

  describe('containers in other states', () => {
    it('an exited container: exit code, no processes, nothing unavailable', () => {
      const stack = buildContainerStack(recordedInput('done', 'busybox'));
      assert.equal(stack.state, 'exited (3)');
      assert.equal(value(stack, 'app', 'exit-code'), '3');
      assert.equal(value(stack, 'app', 'processes'), 'none (exited)');
      assert.equal(value(stack, 'app', 'uptime'), 'not running');
      assert.equal(value(stack, 'app', 'command'), 'sh -c "echo bye; exit 3"');
      assert.equal(band(stack, 'app').unavailable, undefined);
      assert.equal(band(stack, 'app').processes, undefined);
    });

    it('a created container: never started, no network', () => {
      const stack = buildContainerStack(recordedInput('fresh', 'busybox'));
      assert.equal(stack.state, 'created');
      assert.equal(value(stack, 'app', 'started'), 'never');
      assert.equal(value(stack, 'isolation', 'network-mode'), 'none');
      assert.equal(band(stack, 'app').facts.some((fact) => fact.key === 'exit-code'), false);
    });

    it('a paused container still lists its processes', () => {
      const stack = buildContainerStack(recordedInput('frozen', 'busybox'));
      assert.equal(stack.state, 'paused');
      assert.equal(value(stack, 'app', 'processes'), '2');
    });

    it('an unhealthy container shows the last failing check', () => {
      const stack = buildContainerStack(recordedInput('sick', 'busybox'));
      assert.equal(stack.state, 'running (unhealthy)');
      assert.equal(value(stack, 'app', 'health'), 'unhealthy');
      assert.match(value(stack, 'app', 'health-log'), /^exit 1 at .*\nprobe failed: disk <full>$/);
      assert.equal(factOf(stack, 'app', 'health-log').multiline, true);
    });
  });

  describe('a newer engine (API 1.47 shapes: cgroup v2, containerd image store, BuildKit)', () => {
    const stack = buildContainerStack(newEngineInput());

    it('reads the engine band', () => {
      assert.equal(value(stack, 'engine', 'engine-name'), 'Docker Engine - Community');
      assert.equal(value(stack, 'engine', 'engine-version'), '27.4.1');
      assert.equal(value(stack, 'engine', 'cgroup-version'), '2');
      assert.equal(value(stack, 'engine', 'cgroup-driver'), 'systemd');
      assert.equal(value(stack, 'engine', 'storage-driver'), 'overlayfs');
      assert.equal(value(stack, 'engine', 'image-store'), 'containerd (io.containerd.snapshotter.v1)');
      assert.equal(value(stack, 'engine', 'runtimes'), 'io.containerd.runc.v2, runc');
    });

    it('reads a CFS quota, shares, cpuset, unlimited swap and a null pids limit', () => {
      assert.equal(value(stack, 'isolation', 'cpu-limit'), '1.5 CPUs (quota 150000 µs per 100000 µs)');
      assert.equal(value(stack, 'isolation', 'cpu-shares'), '512');
      assert.equal(value(stack, 'isolation', 'cpuset'), '0-3');
      assert.equal(value(stack, 'isolation', 'memory-limit'), '256 MiB');
      assert.equal(value(stack, 'isolation', 'memory-swap'), 'unlimited swap');
      assert.equal(value(stack, 'isolation', 'pids-limit'), 'unlimited');
      assert.equal(value(stack, 'isolation', 'cap-drop'), 'ALL');
      assert.equal(value(stack, 'isolation', 'apparmor'), 'docker-default (default)');
      assert.equal(value(stack, 'isolation', 'cgroupns-mode'), 'private');
      assert.equal(value(stack, 'isolation', 'network-mode'), 'shop_default');
    });

    it('keeps BuildKit "<missing>" ids and shows each step as its instruction', () => {
      const layers = band(stack, 'libraries').imageLayers ?? [];
      assert.equal(layers.length, 10);
      assert.equal(layers[1].id, '<missing>');
      assert.deepEqual(
        layers.map((layer) => layer.createdBy),
        [
          'CMD ["node" "server.js"]',
          'USER node',
          'COPY . /app',
          'RUN npm ci --omit=dev',
          'WORKDIR /app',
          'ENV NODE_VERSION=22.12.0',
          'RUN apt-get update && apt-get install -y nodejs',
          'CMD ["/bin/bash"]',
          'ADD file:6df775300d76441aa33f31b22c1afce8dfe35c8ffbc14ef27c27009235b12a95 in /',
          'LABEL org.opencontainers.image.ref.name=ubuntu org.opencontainers.image.version=24.04',
        ],
      );
      assert.equal(value(stack, 'libraries', 'image-os'), 'linux/amd64/v3');
      assert.equal(value(stack, 'libraries', 'image-layers'), '4 (10 history entries)');
      assert.equal(value(stack, 'libraries', 'image-size'), '393 MiB');
      assert.equal(value(stack, 'libraries', 'base'), 'ubuntu:24.04');
    });

    it('shows a starting health check, exposed-only ports and a bounded restart policy', () => {
      assert.equal(stack.state, 'running (starting)');
      assert.equal(value(stack, 'app', 'health'), 'starting');
      assert.equal(band(stack, 'app').facts.some((fact) => fact.key === 'health-log'), false);
      assert.equal(value(stack, 'app', 'ports'), '0.0.0.0:3000→3000/tcp\n[::]:3000→3000/tcp\n9229/tcp (exposed, not published)');
      assert.equal(value(stack, 'app', 'restart-policy'), 'on-failure (at most 5 retries)');
      assert.equal(value(stack, 'app', 'command'), 'docker-entrypoint.sh node server.js');
      assert.equal(value(stack, 'app', 'uptime'), '1h 0m');
      assert.equal(value(stack, 'app', 'env:DATABASE_URL'), 'postgres://shop:hunter2@db:5432/shop');
    });
  });

  describe('engines inside a VM', () => {
    const cases: Array<{ title: string; info: unknown; version?: unknown; vm: RegExp }> = [
      { title: 'Docker Desktop on macOS', info: readJsonFixture('docker/docker-desktop/info.json'), version: readJsonFixture('docker/docker-desktop/version.json'), vm: /^Docker Desktop VM \(LinuxKit\)$/ },
      { title: 'Docker Desktop on the WSL2 backend', info: readJsonFixture('docker/docker-desktop/info-wsl2-backend.json'), vm: /^Docker Desktop \(WSL2 VM\)$/ },
      { title: 'Docker Engine inside a WSL2 distribution', info: readJsonFixture('docker/wsl2/info.json'), vm: /^WSL2 VM \(Hyper-V\)$/ },
      { title: 'Colima', info: { Name: 'colima', OperatingSystem: 'Ubuntu 24.04 LTS', KernelVersion: '6.8.0-50-generic' }, vm: /^Colima VM/ },
      { title: 'Lima', info: { Name: 'lima-docker', OperatingSystem: 'Ubuntu 24.04 LTS', KernelVersion: '6.8.0-50-generic' }, vm: /^Lima VM$/ },
      { title: 'Rancher Desktop', info: { Name: 'lima-rancher-desktop', OperatingSystem: 'Alpine Linux v3.20', KernelVersion: '6.6.14-0-virt' }, vm: /^Rancher Desktop VM/ },
      { title: 'OrbStack', info: { Name: 'orbstack', OperatingSystem: 'OrbStack', KernelVersion: '6.12.5-orbstack-00287-gf8da5d508983' }, vm: /^OrbStack VM$/ },
      {
        title: 'a Podman machine',
        info: { Name: 'podman-machine-default', OperatingSystem: 'fedora', KernelVersion: '6.11.9-200.fc40.x86_64' },
        version: { Version: '5.3.1', Components: [{ Name: 'Podman Engine', Version: '5.3.1' }] },
        vm: /^Podman machine VM$/,
      },
    ];

    for (const { title, info, version, vm } of cases) {
      it(`puts a hypervisor band between hardware and host OS for ${title}`, () => {
        const stack = buildContainerStack(recordedInput('plain', 'busybox', { info, version: version ?? {} }));
        assert.deepEqual(stack.layers.slice(0, 3).map((layer) => layer.kind), ['hardware', 'hypervisor', 'host-os']);
        assert.match(value(stack, 'hypervisor', 'hypervisor'), vm);
        assert.notEqual(value(stack, 'hypervisor', 'evidence'), 'none');
      });
    }

    it('says which signals gave Docker Desktop away, and whose CPUs the hardware band counts', () => {
      const stack = buildContainerStack(
        recordedInput('plain', 'busybox', { info: readJsonFixture('docker/docker-desktop/info.json'), version: readJsonFixture('docker/docker-desktop/version.json') }),
      );
      const evidence = value(stack, 'hypervisor', 'evidence');
      assert.match(evidence, /OperatingSystem is "Docker Desktop"/);
      assert.match(evidence, /KernelVersion "6\.10\.14-linuxkit" is a LinuxKit kernel/);
      assert.equal(value(stack, 'hardware', 'cpus'), '10');
      assert.match(factOf(stack, 'hardware', 'cpus').label, /VM/);
      assert.equal(value(stack, 'hardware', 'architecture'), 'aarch64');
      assert.equal(value(stack, 'engine', 'engine-name'), 'Docker Desktop 4.37.1 (178610)');
      assert.equal(value(stack, 'isolation', 'seccomp'), 'unconfined (engine default)');
    });

    it("names Podman by its component, not by its Platform.Name (Podman 4 puts the OS and architecture there)", () => {
      const version = { Version: '4.3.1', Platform: { Name: 'linux/amd64/debian-12' }, Components: [{ Name: 'Podman Engine', Version: '4.3.1' }] };
      const stack = buildContainerStack(recordedInput('plain', 'busybox', { version }));
      assert.equal(value(stack, 'engine', 'engine-name'), 'Podman Engine');
      const docker = buildContainerStack(recordedInput('plain', 'busybox', { version: { Version: '27.4.1', Platform: { Name: 'Docker Engine - Community' }, Components: [] } }));
      assert.equal(value(docker, 'engine', 'engine-name'), 'Docker Engine - Community');
    });

    it('finds no VM under a plain Linux engine', () => {
      const stack = buildContainerStack(newEngineInput());
      assert.equal(stack.layers.some((layer) => layer.kind === 'hypervisor'), false);
    });
  });

  describe('when calls other than the container inspect fail', () => {
    it('marks the libraries band unavailable with both reasons and keeps what the inspect knows', () => {
      const stack = buildContainerStack(
        recordedInput('web', 'h3web', { image: new Error('No such image: sha256:7f4b'), history: new Error('connect ECONNREFUSED') }),
      );
      const libraries = band(stack, 'libraries');
      assert.match(libraries.unavailable ?? '', /No such image: sha256:7f4b/);
      assert.match(libraries.unavailable ?? '', /ECONNREFUSED/);
      assert.equal(libraries.imageLayers, undefined);
      assert.equal(value(stack, 'libraries', 'image'), 'local/h3web:1');
      assert.equal(value(stack, 'libraries', 'image-id'), '7f4bc5fb687e');
      assert.equal(value(stack, 'libraries', 'image-size'), 'unknown');
      assert.equal(value(stack, 'libraries', 'base'), 'unknown');
    });

    it('marks the app band unavailable when top fails for a running container', () => {
      const stack = buildContainerStack(recordedInput('web', 'h3web', { top: new Error('context deadline exceeded') }));
      assert.match(band(stack, 'app').unavailable ?? '', /GET \/containers\/\{id\}\/top\): context deadline exceeded/);
      assert.equal(value(stack, 'app', 'processes'), 'unknown');
      assert.equal(value(stack, 'app', 'health'), 'healthy');
    });

    it("treats the engine's error body as a failure, not as an empty process list", () => {
      const stack = buildContainerStack(recordedInput('web', 'h3web', { top: readJsonFixture(`${OLD}/top-done-error.json`) }));
      assert.match(band(stack, 'app').unavailable ?? '', /is not running/);
    });

    it('marks hardware, host OS and engine unavailable when /info fails, falling back where it can', () => {
      const stack = buildContainerStack(recordedInput('web', 'h3web', { info: new Error('socket hang up') }));
      for (const kind of ['hardware', 'host-os', 'engine'] as const) {
        assert.match(band(stack, kind).unavailable ?? '', /GET \/info\): socket hang up/);
      }
      assert.equal(value(stack, 'hardware', 'cpus'), 'unknown');
      assert.equal(value(stack, 'host-os', 'kernel'), 'unknown');
      assert.equal(value(stack, 'engine', 'engine-version'), '20.10.24+dfsg1');
      assert.equal(value(stack, 'isolation', 'seccomp'), 'engine default');
    });

    it('falls back to /info ServerVersion when /version fails', () => {
      const stack = buildContainerStack(recordedInput('web', 'h3web', { version: new Error('timeout') }));
      assert.equal(value(stack, 'engine', 'engine-version'), '20.10.24+dfsg1');
      assert.equal(factOf(stack, 'engine', 'engine-version').source, 'GET /info → ServerVersion');
      assert.equal(value(stack, 'engine', 'api-version'), 'unknown (GET /version failed: timeout)');
      assert.equal(value(stack, 'engine', 'containerd'), '1.6.20~ds1-1+deb12u3');
    });

    it('never throws on garbage in the other parts', () => {
      const stack = buildContainerStack(recordedInput('web', 'h3web', { info: 'x', version: [], image: {}, history: { Id: 1 }, top: 5 }));
      assert.ok(band(stack, 'hardware').unavailable);
      assert.ok(band(stack, 'libraries').unavailable);
      assert.ok(band(stack, 'app').unavailable);
      assert.ok(isStack(JSON.parse(JSON.stringify(stack))));
    });
  });

  describe('when the container inspect itself is not usable', () => {
    const notInspects: unknown[] = [null, undefined, 'web', 42, [], {}, { Id: 'abc' }, { State: {} }, { Id: 7, State: {} }];

    for (const container of notInspects) {
      it(`throws a clear Error for ${JSON.stringify(container)}`, () => {
        assert.throws(() => buildContainerStack(recordedInput('web', 'h3web', { container })), (error: unknown) => {
          assert.ok(error instanceof Error);
          assert.match(error.message, /^Cannot draw the container's stack: the container inspect/);
          return true;
        });
      });
    }

    it("includes the engine's own message", () => {
      assert.throws(
        () => buildContainerStack(recordedInput('web', 'h3web', { container: { message: 'No such container: web' } })),
        /the engine answered with an error: No such container: web/,
      );
    });
  });
});
