// Which clusters the tree shows: every context of the kubeconfig files kubectl would read
// (KUBECONFIG, a list of files, else ~/.kube/config), plus the files the setting
// workloadStacks.kubernetes.kubeconfigs names. As kubectl merges them, the first file to name a
// context wins. A file that cannot be read is a root of its own that says why.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type KubeconfigContext, readKubeconfigFile } from './client';

export interface FoundCluster {
  /** `kubernetes:<context>`; a broken file: `kubernetes-file:<path>`. */
  id: string;
  label: string;
  context?: KubeconfigContext;
  /** Every file in the merge, in order: the context's credentials may be in another file than its entry. */
  files: string[];
  /** Why the file could not be read. */
  problem?: string;
}

export interface ClusterSearch {
  /** workloadStacks.kubernetes.kubeconfigs */
  files: readonly string[];
  /** workloadStacks.findEngines: off, only the files of the setting are read (tests, the demo). */
  look: boolean;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

function defaultFiles(env: NodeJS.ProcessEnv, home: string): string[] {
  const list = env.KUBECONFIG;
  if (list) return list.split(path.delimiter).filter(Boolean);
  return [path.join(home, '.kube', 'config')];
}

export function discoverClusters(search: ClusterSearch): FoundCluster[] {
  const env = search.env ?? process.env;
  const home = search.home ?? os.homedir();
  const named = search.files.map((file) => (file.startsWith('~/') ? path.join(home, file.slice(2)) : file));
  const files = [...new Set([...named, ...(search.look ? defaultFiles(env, home) : [])].map((file) => path.resolve(file)))];
  const readable = files.filter((file) => named.includes(file) || fs.existsSync(file));
  const found: FoundCluster[] = [];
  const parsed: { file: string; contexts: KubeconfigContext[] }[] = [];
  for (const file of readable) {
    try {
      if (!fs.existsSync(file)) throw new Error('the file does not exist');
      parsed.push({ file, contexts: readKubeconfigFile(file).contexts });
    } catch (error) {
      found.push({ id: `kubernetes-file:${file}`, label: `kubeconfig ${path.basename(file)}`, files: [], problem: `${file}: ${(error as Error).message.split('\n')[0]}` });
    }
  }
  const merged = parsed.map((entry) => entry.file);
  const seen = new Set<string>();
  for (const { contexts } of parsed) {
    for (const context of contexts) {
      if (seen.has(context.name)) continue;
      seen.add(context.name);
      found.push({ id: `kubernetes:${context.name}`, label: context.name, context, files: merged });
    }
  }
  return found;
}
