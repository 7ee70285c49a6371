// The three ways to list the engine's containers that the benchmark puts side by side: the raw
// API call (the floor), the incumbent's one CLI process per refresh, and the extension's own path.
import { execFile } from 'child_process';
import * as http from 'http';
import type { WorkloadStacksApi } from '../../src/api';
import type { EngineNode, TreeNode, WorkloadNode } from '../../src/tree/nodes';

/** `GET /containers/json?all=1` with node's http on the socket, body read and parsed. */
export function rawList(socketPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath, path: '/containers/json?all=1', agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve(Array.isArray(parsed) ? parsed.length : -1);
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/**
 * `docker container ls --all --no-trunc --format '{{json .}}'`: the 20.10 CLI that matches the
 * engine has no `--format json`; its JSON template prints the same one object per line.
 */
export function cliList(cli: string, dockerHost: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(
      cli,
      ['--host', dockerHost, 'container', 'ls', '--all', '--no-trunc', '--format', '{{json .}}'],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        if (error) return reject(error);
        const rows = stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
        resolve(rows.length);
      },
    );
  });
}

export async function engineNode(api: WorkloadStacksApi, sourceId = 'docker'): Promise<EngineNode> {
  const roots = await api.tree.getChildren();
  const engine = roots.find((node): node is EngineNode => node.type === 'engine' && node.id === sourceId);
  if (!engine) throw new Error(`the tree shows no engine row ${sourceId}`);
  return engine;
}

/** Every workload row under the engine (through its groups), with getTreeItem for each node. */
export async function walkRows(api: WorkloadStacksApi, engine: EngineNode): Promise<WorkloadNode[]> {
  const rows: WorkloadNode[] = [];
  api.tree.getTreeItem(engine);
  const walk = async (nodes: TreeNode[]): Promise<void> => {
    for (const node of nodes) {
      api.tree.getTreeItem(node);
      if (node.type === 'workload') rows.push(node);
      else if (node.type === 'group') await walk(await api.tree.getChildren(node));
    }
  };
  await walk(await api.tree.getChildren(engine));
  return rows;
}

/** The extension's whole refresh: list, model, and the tree items down to every container. */
export async function treeRefresh(api: WorkloadStacksApi, engine: EngineNode): Promise<number> {
  await api.catalog.refresh('docker');
  return (await walkRows(api, engine)).length;
}
