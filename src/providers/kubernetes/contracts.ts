// The Kubernetes API objects this extension reads, checked at the boundary: what every object has
// (metadata), core/v1 Node, node.k8s.io/v1 RuntimeClass, lists and watch lines (pods: podContracts.ts).
// A list that is not a list is refused whole, an object without a name is left out, and an odd
// optional field reads as absent. Labels and annotations are untrusted text (HTML, megabytes):
// kept as strings, never interpreted.
import { type JsonRecord, type Parsed, array, boolean, failure, isRecord, nonEmptyString, number, record, records, string, stringRecord } from '../docker/jsonFields';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** `Kind/name` of each owner (ReplicaSet/web-5d8f, DaemonSet/kube-proxy). */
  owners: string[];
}

export interface NodeInfo {
  osImage?: string;
  kernelVersion?: string;
  architecture?: string;
  operatingSystem?: string;
  containerRuntimeVersion?: string;
  kubeletVersion?: string;
  kubeProxyVersion?: string;
  systemUUID?: string;
  /** kubelet's reading of the node's /etc/machine-id: what tells a node that is this machine. */
  machineID?: string;
}

export interface KubeNode {
  metadata: ObjectMeta;
  providerID?: string;
  podCIDR?: string;
  unschedulable: boolean;
  taints: string[];
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  nodeInfo: NodeInfo;
  addresses: { type: string; address: string }[];
  conditions: { type: string; status: string }[];
}

export interface RuntimeClass {
  name: string;
  handler: string;
  /** overhead.podFixed: what the runtime itself costs each pod (Kata's VM, for one). */
  overhead: Record<string, string>;
}

export interface ObjectList<T> {
  items: T[];
  resourceVersion?: string;
  /** Set when the server cut the list short (`limit`): the next page's token. */
  continueToken?: string;
}

/** One line of a watch stream: what happened to which object. */
export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: JsonRecord }
  | { type: 'BOOKMARK'; resourceVersion: string }
  | { type: 'ERROR'; code?: number; reason?: string; message: string };

/** The metadata a tree row needs: no annotations (up to 256 KiB each object) and no owners. */
export type RowMeta = Pick<ObjectMeta, 'name' | 'namespace' | 'uid' | 'resourceVersion' | 'creationTimestamp' | 'labels'>;

export function parseRowMeta(raw: JsonRecord): RowMeta | undefined {
  const meta = record(raw, 'metadata');
  const name = meta && nonEmptyString(meta, 'name');
  if (!meta || name === undefined) return undefined;
  return {
    name,
    namespace: nonEmptyString(meta, 'namespace'),
    uid: nonEmptyString(meta, 'uid'),
    resourceVersion: nonEmptyString(meta, 'resourceVersion'),
    creationTimestamp: nonEmptyString(meta, 'creationTimestamp'),
    labels: stringRecord(meta, 'labels'),
  };
}

export function parseMeta(raw: JsonRecord): ObjectMeta | undefined {
  const row = parseRowMeta(raw);
  const meta = record(raw, 'metadata');
  if (!row || !meta) return undefined;
  return {
    ...row,
    annotations: stringRecord(meta, 'annotations'),
    owners: records(meta, 'ownerReferences').flatMap((owner) => {
      const kind = nonEmptyString(owner, 'kind');
      const ownerName = nonEmptyString(owner, 'name');
      return kind && ownerName ? [`${kind}/${ownerName}`] : [];
    }),
  };
}

export function quantities(source: JsonRecord | undefined, key: string): Record<string, string> {
  const result: Record<string, string> = {};
  const value = source && record(source, key);
  for (const [name, quantity] of Object.entries(value ?? {})) {
    if (typeof quantity === 'string') result[name] = quantity;
    else if (typeof quantity === 'number' && Number.isFinite(quantity)) result[name] = String(quantity);
  }
  return result;
}

export function conditions(status: JsonRecord | undefined): { type: string; status: string }[] {
  return (status ? records(status, 'conditions') : []).flatMap((condition) => {
    const type = nonEmptyString(condition, 'type');
    const value = nonEmptyString(condition, 'status');
    return type && value ? [{ type, status: value }] : [];
  });
}

export function parseNode(raw: unknown): Parsed<KubeNode> {
  if (!isRecord(raw)) return failure('the node is not an object', raw);
  const metadata = parseMeta(raw);
  if (!metadata) return failure('the node has no metadata.name', raw);
  const spec = record(raw, 'spec') ?? {};
  const status = record(raw, 'status');
  const info = (status && record(status, 'nodeInfo')) ?? {};
  return {
    ok: true,
    value: {
      metadata,
      providerID: nonEmptyString(spec, 'providerID'),
      podCIDR: nonEmptyString(spec, 'podCIDR'),
      unschedulable: boolean(spec, 'unschedulable') ?? false,
      taints: records(spec, 'taints').flatMap((taint) => {
        const key = nonEmptyString(taint, 'key');
        if (!key) return [];
        const value = nonEmptyString(taint, 'value');
        return [`${key}${value ? `=${value}` : ''}:${string(taint, 'effect') ?? ''}`];
      }),
      capacity: quantities(status, 'capacity'),
      allocatable: quantities(status, 'allocatable'),
      nodeInfo: {
        osImage: nonEmptyString(info, 'osImage'),
        kernelVersion: nonEmptyString(info, 'kernelVersion'),
        architecture: nonEmptyString(info, 'architecture'),
        operatingSystem: nonEmptyString(info, 'operatingSystem'),
        containerRuntimeVersion: nonEmptyString(info, 'containerRuntimeVersion'),
        kubeletVersion: nonEmptyString(info, 'kubeletVersion'),
        kubeProxyVersion: nonEmptyString(info, 'kubeProxyVersion'),
        systemUUID: nonEmptyString(info, 'systemUUID'),
        machineID: nonEmptyString(info, 'machineID'),
      },
      addresses: (status ? records(status, 'addresses') : []).flatMap((address) => {
        const type = nonEmptyString(address, 'type');
        const value = nonEmptyString(address, 'address');
        return type && value ? [{ type, address: value }] : [];
      }),
      conditions: conditions(status),
    },
  };
}

export function parseRuntimeClass(raw: unknown): Parsed<RuntimeClass> {
  if (!isRecord(raw)) return failure('the RuntimeClass is not an object', raw);
  const metadata = parseMeta(raw);
  const handler = nonEmptyString(raw, 'handler');
  if (!metadata || handler === undefined) return failure('the RuntimeClass has no name or handler', raw);
  return { ok: true, value: { name: metadata.name, handler, overhead: quantities(record(raw, 'overhead'), 'podFixed') } };
}

/** A `kind: XList`: items parsed one by one; one bad item is left out, not the list. */
export function parseList<T>(raw: unknown, parseItem: (item: unknown) => Parsed<T>, what: string): Parsed<ObjectList<T>> {
  if (!isRecord(raw) || !Array.isArray(raw.items)) return failure(`the ${what} list has no items`, raw);
  const meta = record(raw, 'metadata');
  const items: T[] = [];
  for (const item of array(raw, 'items')) {
    const parsed = parseItem(item);
    if (parsed.ok) items.push(parsed.value);
  }
  return { ok: true, value: { items, resourceVersion: meta && nonEmptyString(meta, 'resourceVersion'), continueToken: meta && nonEmptyString(meta, 'continue') } };
}

/** A watch stream line, `{"type": ..., "object": ...}`; undefined when it is neither. */
export function parseWatchEvent(raw: unknown): WatchEvent | undefined {
  if (!isRecord(raw)) return undefined;
  const type = string(raw, 'type');
  const object = record(raw, 'object');
  if (!object) return undefined;
  if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') return { type, object };
  if (type === 'BOOKMARK') {
    const resourceVersion = nonEmptyString(record(object, 'metadata') ?? {}, 'resourceVersion');
    return resourceVersion ? { type, resourceVersion } : undefined;
  }
  if (type === 'ERROR') return { type, code: number(object, 'code'), reason: nonEmptyString(object, 'reason'), message: string(object, 'message') ?? 'the watch failed' };
  return undefined;
}
