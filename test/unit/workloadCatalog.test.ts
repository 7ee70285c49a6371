// The catalog without VS Code: sources added and removed while it runs, many of one kind, and
// the event overlay against lists that answer in any order. Each source here answers its lists
// when the test says so, so the interleavings are driven step by step, not by timing.
import * as assert from 'assert';
import { type CatalogChange, WorkloadCatalog } from '../../src/catalog/workloadCatalog';
import { EVENT_SETTLE_MS } from '../../src/catalog/eventOverlay';
import type { KnownState, ListResult, WorkloadProvider, WorkloadState, WorkloadSummary } from '../../src/providers/provider';

/** A source whose lists stay open until `answer` is called, in the order the test chooses. */
class ScriptedSource implements Pick<WorkloadProvider, 'id' | 'label' | 'workloadKind' | 'list' | 'listingProgram'> {
  readonly pending: Array<(result: ListResult) => void> = [];
  listCalls = 0;
  constructor(
    readonly id: string,
    readonly workloadKind: WorkloadProvider['workloadKind'] = 'container',
    private readonly program?: string,
  ) {}
  get label(): string {
    return `Source ${this.id}`;
  }
  listingProgram(): string | undefined {
    return this.program;
  }
  list(): Promise<ListResult> {
    this.listCalls++;
    return new Promise((resolve) => this.pending.push(resolve));
  }
  /** Answers the oldest open list with these workloads. */
  answer(...workloads: Array<[id: string, state: WorkloadState]>): void {
    this.answerFrom(undefined, ...workloads);
  }
  /** Answers the oldest open list as an engine that is down. */
  fail(): void {
    const resolve = this.pending.shift();
    assert.ok(resolve, `no list of ${this.id} is open`);
    resolve({ ok: false, endpoint: `${this.id}://`, diagnosis: { kind: 'not-running', message: 'down', hint: '' } });
  }
  /** Answers as the engine with this ID would. */
  answerFrom(engineId: string | undefined, ...workloads: Array<[id: string, state: WorkloadState]>): void {
    const resolve = this.pending.shift();
    assert.ok(resolve, `no list of ${this.id} is open`);
    resolve({ ok: true, endpoint: `${this.id}://`, workloads: workloads.map(([id, state]) => summary(this.id, id, state)), ...(engineId ? { engineId } : {}) });
  }
}

function summary(providerId: string, id: string, state: WorkloadState): WorkloadSummary {
  return { ref: { kind: 'container', providerId, id }, name: `name-${id}`, image: 'img', state, status: state, ports: [], created: 0 };
}

const exited: KnownState = { state: 'exited', status: () => 'Exited (0) just now' };
const running: KnownState = { state: 'running', status: () => 'Up just now' };

function asProvider(source: ScriptedSource): WorkloadProvider {
  return source as unknown as WorkloadProvider;
}

/** Lets the catalog's promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function stateOf(catalog: WorkloadCatalog, providerId: string, id: string): WorkloadState | undefined {
  return catalog.summaryOf({ providerId, id })?.state;
}

describe('workload catalog', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 0;
  });

  it('adds and removes a source while it runs, and says so', async () => {
    const docker = new ScriptedSource('docker');
    const catalog = new WorkloadCatalog([asProvider(docker)], { now });
    const changes: CatalogChange[] = [];
    catalog.onDidChange((change) => changes.push(change));

    const podman = new ScriptedSource('podman');
    catalog.addSource(asProvider(podman));
    assert.deepStrictEqual(catalog.sources.map((s) => s.id), ['docker', 'podman']);
    const refreshed = catalog.refresh();
    docker.answer(['a', 'running']);
    podman.answer(['b', 'running']);
    await refreshed;
    assert.deepStrictEqual(catalog.listedWorkloads().map((w) => `${w.ref.providerId}/${w.ref.id}`), ['docker/a', 'podman/b']);

    // A list still open when its source goes answers nobody.
    const late = catalog.refresh('podman');
    catalog.removeSource('podman');
    podman.answer(['b', 'running'], ['c', 'running']);
    await late;
    assert.deepStrictEqual(catalog.sources.map((s) => s.id), ['docker']);
    assert.deepStrictEqual(catalog.listedWorkloads().map((w) => w.ref.id), ['a']);
    assert.strictEqual(await catalog.listedWorkload({ providerId: 'podman', id: 'b' }), undefined);
    assert.deepStrictEqual(
      changes.map((c) => (c.kind === 'sources' ? 'sources' : `${c.kind}:${c.sourceId}`)),
      ['sources', 'listed:docker', 'listed:podman', 'sources'],
    );
  });

  it('keeps two sources of one kind apart, even with the same workload ids', async () => {
    const first = new ScriptedSource('docker');
    const second = new ScriptedSource('docker-remote');
    const catalog = new WorkloadCatalog([asProvider(first), asProvider(second)], { now });
    const both = catalog.refresh();
    first.answer(['same', 'running']);
    second.answer(['same', 'exited']);
    await both;
    assert.strictEqual(stateOf(catalog, 'docker', 'same'), 'running');
    assert.strictEqual(stateOf(catalog, 'docker-remote', 'same'), 'exited');

    catalog.applyKnownState({ kind: 'container', providerId: 'docker', id: 'same' }, exited);
    assert.strictEqual(stateOf(catalog, 'docker', 'same'), 'exited');
    assert.strictEqual(stateOf(catalog, 'docker-remote', 'same'), 'exited');
    const one = catalog.refresh('docker-remote');
    assert.strictEqual(first.listCalls, 1, 'refreshing one source lists only that one');
    second.answer(['same', 'running']);
    await one;
    assert.strictEqual(stateOf(catalog, 'docker-remote', 'same'), 'running');
    assert.strictEqual(stateOf(catalog, 'docker', 'same'), 'exited', "the other source's event state stands");
  });

  it("keeps each source's reconnect state and failed tries apart, and says when they change", () => {
    const docker = new ScriptedSource('docker');
    const podman = new ScriptedSource('podman');
    const catalog = new WorkloadCatalog([asProvider(docker), asProvider(podman)], { now });
    const changes: string[] = [];
    catalog.onDidChange((change) => changes.push(change.kind === 'sources' ? 'sources' : `${change.kind}:${change.sourceId}`));
    catalog.setReconnecting('docker', true, 0);
    catalog.setReconnecting('docker', true, 1);
    catalog.setReconnecting('docker', true, 1); // the same again: no change
    assert.deepStrictEqual([catalog.isReconnecting('docker'), catalog.failedReconnects('docker')], [true, 1]);
    assert.deepStrictEqual([catalog.isReconnecting('podman'), catalog.failedReconnects('podman')], [false, 0]);
    catalog.setReconnecting('docker', false, 5); // connected: no failed tries to speak of
    assert.deepStrictEqual([catalog.isReconnecting('docker'), catalog.failedReconnects('docker')], [false, 0]);
    assert.deepStrictEqual(changes, ['connection:docker', 'connection:docker', 'connection:docker']);
  });

  it('folds refreshes asked for while a list is open into one more list', async () => {
    const docker = new ScriptedSource('docker');
    const catalog = new WorkloadCatalog([asProvider(docker)], { now });
    const calls = [catalog.refresh(), catalog.refresh('docker'), catalog.refresh(), catalog.refresh('docker')];
    docker.answer(['a', 'running']);
    await settle();
    assert.strictEqual(docker.listCalls, 2);
    docker.answer(['a', 'exited']);
    await Promise.all(calls);
    assert.strictEqual(docker.listCalls, 2);
    assert.strictEqual(stateOf(catalog, 'docker', 'a'), 'exited');
  });

  it('keeps an event state over a list that began before the event', async () => {
    const docker = new ScriptedSource('docker');
    const catalog = new WorkloadCatalog([asProvider(docker)], { now });
    const first = catalog.refresh();
    docker.answer(['a', 'running']);
    await first;

    clock = 100;
    const before = catalog.refresh(); // reads the engine now, answers late
    clock = 150;
    catalog.applyKnownState({ kind: 'container', providerId: 'docker', id: 'a' }, exited);
    assert.strictEqual(stateOf(catalog, 'docker', 'a'), 'exited');
    assert.strictEqual(catalog.summaryOf({ providerId: 'docker', id: 'a' })?.status, 'Exited (0) just now');
    docker.answer(['a', 'running']);
    await before;
    assert.strictEqual(stateOf(catalog, 'docker', 'a'), 'exited', 'a list begun before the event cannot undo it');
  });

  it('keeps an event state over a list begun just after the event that the engine answered stale', async () => {
    const docker = new ScriptedSource('docker');
    const catalog = new WorkloadCatalog([asProvider(docker)], { now });
    const first = catalog.refresh();
    docker.answer(['a', 'running']);
    await first;

    // The engine publishes `die` before it records the container as exited.
    clock = 1000;
    catalog.applyKnownState({ kind: 'container', providerId: 'docker', id: 'a' }, exited);
    clock = 1000 + EVENT_SETTLE_MS / 4;
    const justAfter = catalog.refresh();
    docker.answer(['a', 'running']);
    await justAfter;
    assert.strictEqual(stateOf(catalog, 'docker', 'a'), 'exited', 'a stale answer just after the event does not undo it');

    // The list that agrees settles it: later lists are taken as they are.
    const agreeing = catalog.refresh();
    docker.answer(['a', 'exited']);
    await agreeing;
    assert.strictEqual(catalog.summaryOf({ providerId: 'docker', id: 'a' })?.status, 'exited', "the engine's own status, once it agrees");
    const restarted = catalog.refresh();
    docker.answer(['a', 'running']);
    await restarted;
    assert.strictEqual(stateOf(catalog, 'docker', 'a'), 'running');
  });

  it('lets a list begun well after the event overrule it, and a newer event replace it', async () => {
    const docker = new ScriptedSource('docker');
    const catalog = new WorkloadCatalog([asProvider(docker)], { now });
    const first = catalog.refresh();
    docker.answer(['a', 'running'], ['b', 'running']);
    await first;

    catalog.applyKnownState({ kind: 'container', providerId: 'docker', id: 'a' }, exited);
    catalog.applyKnownState({ kind: 'container', providerId: 'docker', id: 'b' }, exited);
    catalog.applyKnownState({ kind: 'container', providerId: 'docker', id: 'b' }, running);
    assert.strictEqual(stateOf(catalog, 'docker', 'b'), 'running', 'the newer event replaces the older');
    clock = EVENT_SETTLE_MS;
    const late = catalog.refresh();
    docker.answer(['a', 'running'], ['b', 'running']);
    await late;
    assert.strictEqual(stateOf(catalog, 'docker', 'a'), 'running', 'the engine has moved on: the list is right');
  });

  it('forgets event states when a list fails, and ignores events for workloads it never listed', async () => {
    const docker = new ScriptedSource('docker');
    const catalog = new WorkloadCatalog([asProvider(docker)], { now });
    catalog.applyKnownState({ kind: 'container', providerId: 'docker', id: 'a' }, exited);
    const first = catalog.refresh();
    docker.answer(['a', 'running']);
    await first;
    assert.strictEqual(stateOf(catalog, 'docker', 'a'), 'running', 'an event before any list has nothing to lay over');

    catalog.applyKnownState({ kind: 'container', providerId: 'docker', id: 'a' }, exited);
    catalog.applyKnownState({ kind: 'container', providerId: 'docker', id: 'ghost' }, exited);
    const failing = catalog.refresh();
    docker.pending.shift()!({ ok: false, endpoint: 'docker://', diagnosis: { kind: 'not-running', message: 'down', hint: 'start it' } });
    await failing;
    assert.deepStrictEqual(catalog.listedWorkloads(), []);
    const back = catalog.refresh();
    docker.answer(['a', 'running']);
    await back;
    assert.strictEqual(stateOf(catalog, 'docker', 'a'), 'running');
  });

  it('in Restricted Mode lists no source that runs a program, and says which program', async () => {
    const virsh = new ScriptedSource('libvirt', 'vm', 'virsh');
    const docker = new ScriptedSource('docker');
    let trusted = false;
    const catalog = new WorkloadCatalog([asProvider(virsh), asProvider(docker)], { now, isTrusted: () => trusted });
    const refreshed = catalog.refresh();
    docker.answer(['a', 'running']);
    await refreshed;
    assert.strictEqual(virsh.listCalls, 0);
    const result = catalog.result('libvirt');
    assert.ok(result && !result.ok && result.diagnosis.kind === 'restricted' && result.diagnosis.message.includes('virsh'));
    assert.strictEqual(await catalog.listedWorkload({ providerId: 'libvirt', id: 'vm1' }), undefined);
    trusted = true;
    const again = catalog.refresh('libvirt');
    virsh.answer(['vm1', 'running']);
    await again;
    assert.strictEqual(stateOf(catalog, 'libvirt', 'vm1'), 'running');
  });

  it('throws for a source it does not hold, and shows a source that throws as its own diagnosis', async () => {
    const catalog = new WorkloadCatalog([], { now });
    assert.throws(() => catalog.refresh('nope'), /No workload source 'nope'/);
    const broken = { id: 'broken', label: 'Broken', workloadKind: 'vm', list: () => Promise.reject(new Error('tool crashed')) } as unknown as WorkloadProvider;
    catalog.addSource(broken);
    await catalog.refresh('broken');
    const result = catalog.result('broken');
    assert.ok(result && !result.ok && result.diagnosis.message === 'Broken could not list its workloads: tool crashed');
  });

  it('knows a second way to an engine by its ID, under the first source only, whatever order the lists answer in', async () => {
    const [socket, context, podman] = [new ScriptedSource('docker'), new ScriptedSource('context-default'), new ScriptedSource('podman')];
    const catalog = new WorkloadCatalog([socket, context, podman].map(asProvider), { now });
    const refreshed = catalog.refresh();
    podman.answerFrom('engine-B', ['p', 'running']);
    context.answerFrom('engine-A', ['a', 'running']);
    await settle();
    assert.strictEqual(catalog.duplicateOf('context-default'), undefined, 'alone so far: shown');
    socket.answerFrom('engine-A', ['a', 'running']);
    await refreshed;
    assert.strictEqual(catalog.duplicateOf('context-default')?.id, 'docker');
    assert.strictEqual(catalog.duplicateOf('docker'), undefined);
    assert.strictEqual(catalog.duplicateOf('podman'), undefined);
    assert.deepStrictEqual(catalog.listedWorkloads().map((w) => `${w.ref.providerId}/${w.ref.id}`), ['docker/a', 'podman/p']);

    // The first way down: the second is the engine's only root again.
    const again = catalog.refresh('docker');
    socket.fail();
    await again;
    assert.strictEqual(catalog.duplicateOf('context-default'), undefined);
  });
});

