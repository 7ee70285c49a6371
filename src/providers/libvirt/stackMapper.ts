// virsh answers for one domain -> its Stack, bottom band first: hardware, host-os, hypervisor,
// virtual-hardware, guest-os, libraries, app. Every missing answer shows in its band as unknown.
import type { Stack } from '../../shared/model';
import type { HostFacts } from '../host/hostFacts';
import { parseDomainXml } from './domainXml';
import { stateFromCode, stateFromWords } from './domainState';
import type { DomainOutputs } from './inspection';
import { appLayer, guestOsLayer, librariesLayer } from './layers/guestOs';
import { hardwareLayer, hostOsLayer } from './layers/hostLayers';
import { hypervisorLayer } from './layers/hypervisor';
import { virtualHardwareLayer } from './layers/virtualHardware';
import { domainRefId, isRemoteUri } from './summaryMapper';
import { numberField, parseBlockInfoTable, parseDomainStats, parseKeyValueLines, parseVersion } from './virshOutput';

/** Raw outputs ('' where a command gave nothing) plus where they came from. */
export interface DomainStackInput extends DomainOutputs {
  providerId: string;
  uri: string;
  uuid: string;
  /** This machine's facts, used only when the URI is local. */
  localHost?: HostFacts;
  readAt: string;
}

export function buildDomainStack(input: DomainStackInput): Stack {
  const xml = parseDomainXml(input.dumpxml);
  const domain = xml.ok ? xml.domain : undefined;
  const dominfo = parseKeyValueLines(input.dominfo);
  const domstats = parseDomainStats(input.domstats)[0]?.fields ?? new Map<string, string>();
  const remote = isRemoteUri(input.uri);
  const host = {
    nodeinfo: parseKeyValueLines(input.nodeinfo),
    hostname: input.hostname.trim().split('\n')[0] || undefined,
    localHost: remote ? undefined : input.localHost,
    remoteHost: remote ? /^[^:]+:\/\/([^/?#]*)/.exec(input.uri)?.[1] : undefined,
  };
  return {
    workload: { kind: 'vm', providerId: input.providerId, id: domainRefId(input.uri, input.uuid) },
    name: domain?.name ?? dominfo.get('Name') ?? input.uuid,
    layers: [
      hardwareLayer(host),
      hostOsLayer(host),
      hypervisorLayer(input.uri, parseVersion(input.version), domain),
      virtualHardwareLayer({ domain, xmlError: xml.ok ? undefined : xml.error, dominfo, domstats, blocks: parseBlockInfoTable(input.blockInfo) }),
      guestOsLayer(domain?.libosinfoId, input.guestAgent),
      librariesLayer(),
      appLayer(),
    ],
    readAt: input.readAt,
    state: stateWords(dominfo, domstats),
  };
}

function stateWords(dominfo: Map<string, string>, domstats: Map<string, string>): string {
  const words = dominfo.get('State');
  if (words) return stateFromWords(words).words;
  return stateFromCode(numberField(domstats.get('state.state'))).words;
}
