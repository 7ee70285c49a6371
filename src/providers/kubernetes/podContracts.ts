// A pod as the API server answers it (core/v1 Pod), checked at the boundary: the whole pod, which
// a pod's diagram draws, and its row fields, which a list of thousands and every watch event read.
import { type JsonRecord, type Parsed, boolean, failure, isRecord, nonEmptyString, number, record, records, string, stringArray } from '../docker/jsonFields';
import { type ObjectMeta, type RowMeta, conditions, parseMeta, parseRowMeta, quantities } from './contracts';

export interface ContainerSpec {
  name: string;
  image: string;
  command: string[];
  args: string[];
  ports: { containerPort: number; protocol: string; name?: string; hostPort?: number }[];
  requests: Record<string, string>;
  limits: Record<string, string>;
  securityContext: SecurityContext;
  probes: { kind: 'liveness' | 'readiness' | 'startup'; text: string }[];
  volumeMounts: { name: string; mountPath: string; readOnly: boolean }[];
}

export interface SecurityContext {
  privileged?: boolean;
  runAsUser?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilitiesAdd: string[];
  capabilitiesDrop: string[];
  seccomp?: string;
  appArmor?: string;
}

export type ContainerStateWords =
  | { kind: 'running'; startedAt?: string }
  | { kind: 'waiting'; reason?: string; message?: string }
  | { kind: 'terminated'; reason?: string; exitCode?: number; finishedAt?: string };

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  image?: string;
  imageID?: string;
  containerID?: string;
  state?: ContainerStateWords;
  lastState?: ContainerStateWords;
}

export interface Pod {
  metadata: ObjectMeta;
  /** metadata.deletionTimestamp is set: the pod is being deleted (kubectl says Terminating). */
  deletionRequested: boolean;
  nodeName?: string;
  runtimeClassName?: string;
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  shareProcessNamespace: boolean;
  serviceAccountName?: string;
  securityContext: SecurityContext;
  containers: ContainerSpec[];
  initContainers: ContainerSpec[];
  /** Each volume as `name (kind)`: emptyDir, configMap, secret, hostPath /var/log... */
  volumes: string[];
  phase?: string;
  reason?: string;
  message?: string;
  qosClass?: string;
  podIP?: string;
  hostIP?: string;
  startTime?: string;
  conditions: { type: string; status: string }[];
  containerStatuses: ContainerStatus[];
  initContainerStatuses: ContainerStatus[];
}

/**
 * What a tree row needs of a pod, read from every pod of a list and every watch event: a tenth of
 * a pod's fields (no annotations, probes, security or volumes), so 5000 pods parse in a few ms.
 */
export interface PodRow {
  metadata: RowMeta;
  deletionRequested: boolean;
  nodeName?: string;
  phase?: string;
  reason?: string;
  conditions: { type: string; status: string }[];
  containers: Pick<ContainerSpec, 'name' | 'image' | 'ports'>[];
  containerStatuses: RowContainerStatus[];
  initContainers: Pick<ContainerSpec, 'name' | 'image'>[];
  initContainerStatuses: RowContainerStatus[];
}

export type RowContainerStatus = Pick<ContainerStatus, 'name' | 'ready' | 'restartCount' | 'state'>;

function parseSecurityContext(raw: JsonRecord | undefined, annotations: Record<string, string> = {}, containerName?: string): SecurityContext {
  const capabilities = raw && record(raw, 'capabilities');
  const seccomp = raw && record(raw, 'seccompProfile');
  const appArmor = raw && record(raw, 'appArmorProfile');
  const seccompType = seccomp && nonEmptyString(seccomp, 'type');
  const localhostProfile = seccomp && nonEmptyString(seccomp, 'localhostProfile');
  // Before the fields existed, both were annotations; clusters still carry them.
  const seccompAnnotation = containerName ? annotations[`container.seccomp.security.alpha.kubernetes.io/${containerName}`] : annotations['seccomp.security.alpha.kubernetes.io/pod'];
  const appArmorAnnotation = containerName ? annotations[`container.apparmor.security.beta.kubernetes.io/${containerName}`] : undefined;
  const appArmorType = appArmor && nonEmptyString(appArmor, 'type');
  return {
    privileged: raw && boolean(raw, 'privileged'),
    runAsUser: raw && number(raw, 'runAsUser'),
    runAsNonRoot: raw && boolean(raw, 'runAsNonRoot'),
    readOnlyRootFilesystem: raw && boolean(raw, 'readOnlyRootFilesystem'),
    allowPrivilegeEscalation: raw && boolean(raw, 'allowPrivilegeEscalation'),
    capabilitiesAdd: (capabilities && stringArray(capabilities, 'add')) ?? [],
    capabilitiesDrop: (capabilities && stringArray(capabilities, 'drop')) ?? [],
    seccomp: seccompType ? (localhostProfile ? `${seccompType} ${localhostProfile}` : seccompType) : seccompAnnotation,
    appArmor: appArmorType ?? appArmorAnnotation,
  };
}

/** A probe in one line: `GET :8080/healthz`, `TCP :5432`, `exec cat /tmp/ready`, `gRPC :9090`. */
function probeText(probe: JsonRecord): string | undefined {
  const http = record(probe, 'httpGet');
  const tcp = record(probe, 'tcpSocket');
  const exec = record(probe, 'exec');
  const grpc = record(probe, 'grpc');
  const port = (source: JsonRecord) => String(number(source, 'port') ?? string(source, 'port') ?? '?');
  let text: string | undefined;
  if (http) text = `${string(http, 'scheme') === 'HTTPS' ? 'HTTPS ' : ''}GET :${port(http)}${string(http, 'path') ?? '/'}`;
  else if (tcp) text = `TCP :${port(tcp)}`;
  else if (exec) text = `exec ${(stringArray(exec, 'command') ?? []).join(' ')}`;
  else if (grpc) text = `gRPC :${port(grpc)}`;
  if (text === undefined) return undefined;
  const period = number(probe, 'periodSeconds');
  return period !== undefined ? `${text} every ${period} s` : text;
}

function parseContainer(raw: JsonRecord, annotations: Record<string, string>): ContainerSpec | undefined {
  const name = nonEmptyString(raw, 'name');
  if (name === undefined) return undefined;
  const resources = record(raw, 'resources');
  const probes: ContainerSpec['probes'] = [];
  for (const kind of ['liveness', 'readiness', 'startup'] as const) {
    const probe = record(raw, `${kind}Probe`);
    const text = probe && probeText(probe);
    if (text) probes.push({ kind, text });
  }
  return {
    name,
    image: string(raw, 'image') ?? '',
    command: stringArray(raw, 'command') ?? [],
    args: stringArray(raw, 'args') ?? [],
    ports: portsOf(raw),
    requests: quantities(resources, 'requests'),
    limits: quantities(resources, 'limits'),
    securityContext: parseSecurityContext(record(raw, 'securityContext'), annotations, name),
    probes,
    volumeMounts: records(raw, 'volumeMounts').flatMap((mount) => {
      const mountName = nonEmptyString(mount, 'name');
      const mountPath = nonEmptyString(mount, 'mountPath');
      return mountName && mountPath ? [{ name: mountName, mountPath, readOnly: boolean(mount, 'readOnly') ?? false }] : [];
    }),
  };
}

function parseState(raw: JsonRecord | undefined): ContainerStateWords | undefined {
  if (!raw) return undefined;
  const running = record(raw, 'running');
  if (running) return { kind: 'running', startedAt: nonEmptyString(running, 'startedAt') };
  const terminated = record(raw, 'terminated');
  if (terminated) return { kind: 'terminated', reason: nonEmptyString(terminated, 'reason'), exitCode: number(terminated, 'exitCode'), finishedAt: nonEmptyString(terminated, 'finishedAt') };
  const waiting = record(raw, 'waiting');
  if (waiting) return { kind: 'waiting', reason: nonEmptyString(waiting, 'reason'), message: nonEmptyString(waiting, 'message') };
  return undefined;
}

type StatusKey = 'containerStatuses' | 'initContainerStatuses';

/** What a row shows of a container's status; the whole status adds to it. */
function rowStatus(raw: JsonRecord): RowContainerStatus | undefined {
  const name = nonEmptyString(raw, 'name');
  if (name === undefined) return undefined;
  return { name, ready: boolean(raw, 'ready') ?? false, restartCount: number(raw, 'restartCount') ?? 0, state: parseState(record(raw, 'state')) };
}

function rowStatuses(status: JsonRecord | undefined, key: StatusKey): RowContainerStatus[] {
  return (status ? records(status, key) : []).flatMap((raw) => rowStatus(raw) ?? []);
}

function parseStatuses(status: JsonRecord | undefined, key: StatusKey): ContainerStatus[] {
  return (status ? records(status, key) : []).flatMap((raw) => {
    const row = rowStatus(raw);
    if (!row) return [];
    return [{ ...row, image: nonEmptyString(raw, 'image'), imageID: nonEmptyString(raw, 'imageID'), containerID: nonEmptyString(raw, 'containerID'), lastState: parseState(record(raw, 'lastState')) }];
  });
}

/** The named containers of `key` in a pod's spec, each with its image (and its raw entry). */
function namedContainers(spec: JsonRecord, key: 'containers' | 'initContainers'): { name: string; image: string; raw: JsonRecord }[] {
  return records(spec, key).flatMap((raw) => {
    const name = nonEmptyString(raw, 'name');
    return name === undefined ? [] : [{ name, image: string(raw, 'image') ?? '', raw }];
  });
}

/** The kind of source behind a volume: the one key beside `name` (emptyDir, secret, hostPath...). */
function volumeText(volume: JsonRecord): string | undefined {
  const name = nonEmptyString(volume, 'name');
  if (name === undefined) return undefined;
  const kind = Object.keys(volume).find((key) => key !== 'name');
  if (kind === undefined) return name;
  const hostPath = kind === 'hostPath' ? record(volume, 'hostPath') : undefined;
  const path = hostPath && nonEmptyString(hostPath, 'path');
  return `${name} (${kind}${path ? ` ${path}` : ''})`;
}

export function parsePod(raw: unknown): Parsed<Pod> {
  if (!isRecord(raw)) return failure('the pod is not an object', raw);
  const metadata = parseMeta(raw);
  if (!metadata) return failure('the pod has no metadata.name', raw);
  const spec = record(raw, 'spec') ?? {};
  const status = record(raw, 'status');
  const containersOf = (key: string) => records(spec, key).flatMap((container) => parseContainer(container, metadata.annotations) ?? []);
  return {
    ok: true,
    value: {
      metadata,
      deletionRequested: deletionRequested(raw),
      nodeName: nonEmptyString(spec, 'nodeName'),
      runtimeClassName: nonEmptyString(spec, 'runtimeClassName'),
      hostNetwork: boolean(spec, 'hostNetwork') ?? false,
      hostPID: boolean(spec, 'hostPID') ?? false,
      hostIPC: boolean(spec, 'hostIPC') ?? false,
      shareProcessNamespace: boolean(spec, 'shareProcessNamespace') ?? false,
      serviceAccountName: nonEmptyString(spec, 'serviceAccountName'),
      securityContext: parseSecurityContext(record(spec, 'securityContext'), metadata.annotations),
      containers: containersOf('containers'),
      initContainers: containersOf('initContainers'),
      volumes: records(spec, 'volumes').flatMap((volume) => volumeText(volume) ?? []),
      phase: status && nonEmptyString(status, 'phase'),
      reason: status && nonEmptyString(status, 'reason'),
      message: status && nonEmptyString(status, 'message'),
      qosClass: status && nonEmptyString(status, 'qosClass'),
      podIP: status && nonEmptyString(status, 'podIP'),
      hostIP: status && nonEmptyString(status, 'hostIP'),
      startTime: status && nonEmptyString(status, 'startTime'),
      conditions: conditions(status),
      containerStatuses: parseStatuses(status, 'containerStatuses'),
      initContainerStatuses: parseStatuses(status, 'initContainerStatuses'),
    },
  };
}

/** metadata.deletionTimestamp is set: the pod is being deleted. */
function deletionRequested(raw: JsonRecord): boolean {
  return nonEmptyString(record(raw, 'metadata') ?? {}, 'deletionTimestamp') !== undefined;
}

function portsOf(container: JsonRecord): ContainerSpec['ports'] {
  return records(container, 'ports').flatMap((port) => {
    const containerPort = number(port, 'containerPort');
    if (containerPort === undefined) return [];
    return [{ containerPort, protocol: string(port, 'protocol') ?? 'TCP', name: nonEmptyString(port, 'name'), hostPort: number(port, 'hostPort') }];
  });
}

export function parsePodRow(raw: unknown): Parsed<PodRow> {
  if (!isRecord(raw)) return failure('the pod is not an object', raw);
  const metadata = parseRowMeta(raw);
  if (!metadata) return failure('the pod has no metadata.name', raw);
  const spec = record(raw, 'spec') ?? {};
  const status = record(raw, 'status');
  return {
    ok: true,
    value: {
      metadata,
      deletionRequested: deletionRequested(raw),
      nodeName: nonEmptyString(spec, 'nodeName'),
      phase: status && nonEmptyString(status, 'phase'),
      reason: status && nonEmptyString(status, 'reason'),
      conditions: conditions(status),
      containers: namedContainers(spec, 'containers').map(({ name, image, raw: container }) => ({ name, image, ports: portsOf(container) })),
      containerStatuses: rowStatuses(status, 'containerStatuses'),
      initContainers: namedContainers(spec, 'initContainers').map(({ name, image }) => ({ name, image })),
      initContainerStatuses: rowStatuses(status, 'initContainerStatuses'),
    },
  };
}
