// A counting proxy socket in front of the engine: every byte is piped through unchanged, and the
// client->engine direction is parsed just enough to log each HTTP request line with its time.
// Keep-alive connections carry several requests; request bodies are skipped by Content-Length
// (or to the end of a chunked body); after an upgrade (attach, exec) parsing stops.
import { rmSync } from 'node:fs';
import net from 'node:net';
import { onCleanup } from '../harness/processes.mjs';

const headerEnd = Buffer.from('\r\n\r\n');
const chunkedEnd = Buffer.from('0\r\n\r\n');

/** Follows one connection's request stream; calls `onRequest(method, path)` for each request. */
function requestParser(onRequest) {
  let buffer = Buffer.alloc(0);
  let bodyLeft = 0;
  let inChunkedBody = false;
  let upgraded = false;
  return (chunk) => {
    if (upgraded) return;
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (bodyLeft > 0) {
        const skip = Math.min(bodyLeft, buffer.length);
        buffer = buffer.subarray(skip);
        bodyLeft -= skip;
        if (bodyLeft > 0) return;
      }
      if (inChunkedBody) {
        const end = buffer.indexOf(chunkedEnd);
        if (end < 0) return;
        buffer = buffer.subarray(end + chunkedEnd.length);
        inChunkedBody = false;
      }
      const end = buffer.indexOf(headerEnd);
      if (end < 0) return;
      const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
      buffer = buffer.subarray(end + headerEnd.length);
      const [method, path] = lines[0].split(' ');
      const header = (name) => lines.find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim().toLowerCase();
      onRequest(method, path);
      if (header('upgrade') || header('connection') === 'upgrade') {
        upgraded = true;
        return;
      }
      bodyLeft = Number(header('content-length') ?? 0);
      inChunkedBody = header('transfer-encoding') === 'chunked';
    }
  };
}

/**
 * Listens on `listenPath` and forwards to `upstreamPath`. Returns { dockerHost, requests,
 * connections, close() }: requests are { at (epoch ms), method, path, connection }, connections
 * { id, opened, closed? }.
 */
export async function startProxySocket(listenPath, upstreamPath) {
  const requests = [];
  const connections = [];
  const sockets = new Set();
  const server = net.createServer((client) => {
    const record = { id: connections.length, opened: Date.now() };
    connections.push(record);
    const upstream = net.connect(upstreamPath);
    sockets.add(client).add(upstream);
    const parse = requestParser((method, path) => requests.push({ at: Date.now(), method, path, connection: record.id }));
    client.on('data', (chunk) => {
      parse(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const closeBoth = () => {
      record.closed ??= Date.now();
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('end', () => upstream.end());
    for (const socket of [client, upstream]) {
      socket.on('close', closeBoth);
      socket.on('error', closeBoth);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPath, resolve);
  });
  const close = async () => {
    unregister();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(listenPath, { force: true });
  };
  const unregister = onCleanup(`counting proxy ${listenPath}`, close, () => rmSync(listenPath, { force: true }));
  return { dockerHost: `unix://${listenPath}`, requests, connections, close };
}

const isEventsStream = (request) => request.path.startsWith('/events') || /\/v[\d.]+\/events/.test(request.path);

/** What the proxy saw in [start, end]: requests per minute beyond events streams, and the streams. */
export function countWindow(proxy, start, end) {
  const minutes = (end - start) / 60_000;
  const inWindow = proxy.requests.filter((request) => request.at >= start && request.at <= end);
  const plain = inWindow.filter((request) => !isEventsStream(request));
  const streams = proxy.requests.filter(isEventsStream).filter((request) => {
    const connection = proxy.connections[request.connection];
    return request.at <= end && (connection.closed === undefined || connection.closed >= start);
  });
  return {
    seconds: (end - start) / 1000,
    requests: plain.length,
    perMinute: plain.length / minutes,
    paths: [...new Set(plain.map((request) => `${request.method} ${request.path.split('?')[0]}`))],
    eventsStreamsOpen: streams.length,
  };
}
