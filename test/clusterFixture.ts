// The private cluster the `cluster` stage started (scripts/harness/kubernetes.mjs) and filled
// (scripts/harness/clusterObjects.mjs): where it is, and calls to it as its admin.
import * as fs from 'fs';
import * as https from 'https';
import type { Logger } from '../src/providers/provider';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through \`node scripts/test.mjs cluster\`, which starts the private cluster.`);
  return value;
}

export const cluster = {
  kubeconfig: () => required('WS_TEST_KUBECONFIG'),
  context: () => required('WS_TEST_KUBE_CONTEXT'),
  server: () => required('WS_TEST_KUBE_SERVER'),
  etcd: () => required('WS_TEST_KUBE_ETCD'),
  viewer: () => JSON.parse(required('WS_TEST_KUBE_VIEWER')) as { file: string; contextName: string },
  /** The CRI log file kwok's kubelet API serves for every container (current and previous). */
  podLogs: () => JSON.parse(required('WS_TEST_KUBE_POD_LOGS')) as { current: string; previous: string },
  /** The real node (kubelet and containerd on this machine) and the image its pods may run. */
  realNode: () => JSON.parse(required('WS_TEST_KUBE_REAL_NODE')) as { name: string; image: string },
};

export const quietLog: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** One call as the cluster's admin; resolves with the status and the parsed body. */
export function adminRequest(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const admin = JSON.parse(required('WS_TEST_KUBE_ADMIN')) as { ca: string; cert: string; key: string };
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL(path, cluster.server()),
      {
        method,
        ca: fs.readFileSync(admin.ca),
        cert: fs.readFileSync(admin.cert),
        key: fs.readFileSync(admin.key),
        headers: { Accept: 'application/json', ...(payload ? { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          resolve({ status: response.statusCode ?? 0, json });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
