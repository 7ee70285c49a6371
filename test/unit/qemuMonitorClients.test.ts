// The QMP and guest agent clients against fake unix-socket servers: recorded real replies from the
// lab VM, and servers that stall, send garbage, cut a reply short or send too much.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { withGuestAgent } from '../../src/providers/qemu/guestAgentClient';
import { readGuestAgentFacts, readQmpFacts } from '../../src/providers/qemu/monitorFacts';
import { openQmp, type QmpLimits, withQmp } from '../../src/providers/qemu/qmpClient';
import { readJsonFixture } from '../repoPaths';

type Reply = Record<string, unknown>;
const recorded = readJsonFixture<Record<string, Reply>>('qemu/qmp-lab-tcg.json');
const recordedAgent = readJsonFixture<Record<string, Reply>>('qemu/qga-lab.json');
const fastLimits: QmpLimits = { connectTimeoutMs: 500, commandTimeoutMs: 400, maxLineBytes: 64 * 1024 };

interface FakeServer {
  socketPath: string;
  /** Resolves once every connection the server accepted has been closed by the client. */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

/** A unix-socket server calling `onConnect` per client and `onMessage` per JSON line received. */
function fakeServer(onConnect: (socket: net.Socket) => void, onMessage: (socket: net.Socket, message: Reply) => void = () => undefined): Promise<FakeServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-fake-qmp-'));
  const socketPath = path.join(dir, 'qmp.sock');
  const open = new Set<net.Socket>();
  let onAllClosed: (() => void) | undefined;
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.on('close', () => {
      open.delete(socket);
      if (open.size === 0) onAllClosed?.();
    });
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        onMessage(socket, JSON.parse(line) as Reply);
      }
    });
    onConnect(socket);
  });
  return new Promise((resolve) => {
    server.listen(socketPath, () =>
      resolve({
        socketPath,
        allClosed: () => (open.size === 0 ? Promise.resolve() : new Promise((done) => (onAllClosed = done))),
        close: () =>
          new Promise((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => {
              fs.rmSync(dir, { recursive: true, force: true });
              done();
            });
          }),
      }),
    );
  });
}

const send = (socket: net.Socket, message: unknown) => socket.write(`${JSON.stringify(message)}\n`);
const greet = (socket: net.Socket) => send(socket, recorded.greeting);

/** Answers like the lab VM did, by command, echoing the request's id; an event comes first. */
function replayRecorded(socket: net.Socket, message: Reply): void {
  const command = String(message.execute);
  const key = command === 'qom-get' ? 'qom-get /machine type' : command;
  const reply = recorded[key];
  send(socket, { event: 'RESUME', timestamp: { seconds: 1, microseconds: 2 } });
  send(socket, { return: {}, id: 'someone-else' });
  send(socket, reply ? { return: reply.return, id: message.id } : { error: { class: 'CommandNotFound', desc: `The command ${command} has not been found` }, id: message.id });
}

describe('QMP client', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads every fact from the recorded lab VM replies, skipping events and others’ replies', async () => {
    server = await fakeServer(greet, replayRecorded);
    const result = await readQmpFacts(server.socketPath, fastLimits);
    assert.ok(result.ok, JSON.stringify(result));
    const facts = result.value;
    assert.deepStrictEqual(facts.status, { status: 'running', running: true });
    assert.strictEqual(facts.name, 'ws-lab-qemu');
    assert.deepStrictEqual(facts.kvm, { enabled: false, present: true });
    assert.strictEqual(facts.vcpus, 1);
    assert.deepStrictEqual(facts.memory, { base: 134217728, plugged: 0 });
    assert.strictEqual(facts.version, '7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)');
    assert.strictEqual(facts.machine, 'pc-i440fx-7.2');
    assert.deepStrictEqual(facts.blocks, [{ device: 'disk0', file: '/tmp/ws-qemu-kSrc9H/disk.qcow2', format: 'qcow2', virtualSizeBytes: 67108864, readOnly: false, removable: false }]);
    assert.deepStrictEqual(facts.errors, []);
    await server.allClosed();
  });

  it('keeps a command’s error as a sentence and goes on', async () => {
    server = await fakeServer(greet, (socket, message) =>
      message.execute === 'query-block' ? send(socket, { error: { class: 'GenericError', desc: 'no block layer' }, id: message.id }) : replayRecorded(socket, message),
    );
    const result = await readQmpFacts(server.socketPath, fastLimits);
    assert.ok(result.ok);
    assert.deepStrictEqual(result.value.errors, ['query-block: GenericError: no block layer']);
    assert.strictEqual(result.value.blocks, undefined);
    assert.strictEqual(result.value.vcpus, 1);
  });

  it('gives up on a socket that accepts and never speaks, and closes it', async () => {
    server = await fakeServer(() => undefined);
    const started = Date.now();
    const result = await openQmp(server.socketPath, fastLimits);
    assert.ok(!result.ok && /not answering as a QMP monitor/.test(result.error), JSON.stringify(result));
    assert.ok(Date.now() - started < 2_000);
    await server.allClosed();
  });

  it('times out a command that is never answered, and closes the session', async () => {
    server = await fakeServer(greet, (socket, message) => message.execute === 'qmp_capabilities' && send(socket, { return: {}, id: message.id }));
    const result = await withQmp(server.socketPath, (qmp) => qmp.execute('query-status'), fastLimits);
    assert.ok(result.ok && !result.value.ok && /no reply in time/.test(result.value.error), JSON.stringify(result));
    await server.allClosed();
  });

  it('turns a garbage greeting or reply into an error value', async () => {
    server = await fakeServer((socket) => socket.write('hello, I am not QEMU\n'));
    const greeting = await openQmp(server.socketPath, fastLimits);
    assert.ok(!greeting.ok && /not JSON/.test(greeting.error), JSON.stringify(greeting));
    await server.close();
    server = await fakeServer(greet, (socket) => socket.write('{"return": oops}\n'));
    const reply = await openQmp(server.socketPath, fastLimits);
    assert.ok(!reply.ok && /qmp_capabilities: not JSON/.test(reply.error), JSON.stringify(reply));
  });

  it('reports a reply cut off by a closed connection', async () => {
    server = await fakeServer((socket) => socket.end('{"QMP": {"version": {"qemu": {"mic'));
    const result = await openQmp(server.socketPath, fastLimits);
    assert.ok(!result.ok && /closed in the middle of a reply/.test(result.error), JSON.stringify(result));
  });

  it('refuses an oversized reply instead of buffering it', async () => {
    server = await fakeServer((socket) => socket.write(`{"QMP": "${'x'.repeat(200 * 1024)}`));
    const result = await openQmp(server.socketPath, fastLimits);
    assert.ok(!result.ok && /larger than 65536 bytes/.test(result.error), JSON.stringify(result));
    await server.allClosed();
  });

  it('says so when nothing listens on the socket path', async () => {
    const result = await openQmp(path.join(os.tmpdir(), 'ws-no-such-qmp.sock'), fastLimits);
    assert.ok(!result.ok && /cannot connect/.test(result.error), JSON.stringify(result));
  });
});

describe('guest agent client', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Like the real agent: stale output from an earlier client first, then answers by command. */
  function agentServer(): Promise<FakeServer> {
    return fakeServer(
      (socket) => socket.write('{"return": {"host-name": "stale"}}\n\u00ff{"ret'),
      (socket, message) => {
        if (message.execute === 'guest-sync') {
          socket.write('urn": 1}\n');
          return send(socket, { return: (message.arguments as Reply).id });
        }
        const reply = recordedAgent[String(message.execute)];
        send(socket, reply ? { return: reply.return, id: message.id } : { error: { class: 'CommandNotFound', desc: 'no' }, id: message.id });
      },
    );
  }

  it('synchronises past stale replies and garbage, then reads the recorded OS info', async () => {
    server = await agentServer();
    const result = await readGuestAgentFacts(server.socketPath);
    assert.ok(result.ok, JSON.stringify(result));
    assert.strictEqual(result.value.os?.prettyName, 'BusyBox guest (made by the Workload Stacks tests)');
    assert.strictEqual(result.value.os?.kernelRelease, '6.1.0-56-cloud-amd64');
    assert.strictEqual(result.value.hostName, 'ws-guest');
    await server.allClosed();
  });

  it('gives up when the agent never answers guest-sync (no agent running in the guest)', async () => {
    server = await fakeServer(() => undefined);
    const result = await withGuestAgent(server.socketPath, async () => 'unreachable', fastLimits);
    assert.ok(!result.ok && /did not answer guest-sync/.test(result.error), JSON.stringify(result));
    await server.allClosed();
  });
});
