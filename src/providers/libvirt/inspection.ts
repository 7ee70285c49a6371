// Everything one domain's diagram needs, read in one read-only virsh batch, plus `guestinfo` (it
// needs a read-write connection) only when the domain runs and its agent channel is connected.
import { parseDomainXml } from './domainXml';
import { NO_AGENT_HINT, type GuestAgentAnswer } from './layers/guestOs';
import { isUuid, parseKeyValueLines } from './virshOutput';
import type { Virsh } from './virsh';

export interface DomainOutputs {
  dominfo: string;
  dumpxml: string;
  domstats: string;
  version: string;
  nodeinfo: string;
  hostname: string;
  blockInfo: string;
  guestAgent: GuestAgentAnswer;
}

export type DomainReading = { ok: true; outputs: DomainOutputs } | { ok: false; gone: boolean; message: string };

/** How virsh says the domain does not exist (any more). */
export const DOMAIN_GONE = /failed to get domain|Domain not found|no domain with matching/i;

export async function readDomain(virsh: Virsh, uri: string, uuid: string): Promise<DomainReading> {
  if (!isUuid(uuid)) return { ok: false, gone: true, message: `Not a domain UUID: ${uuid}` };
  const batch = await virsh.batch(uri, [
    { section: 'dominfo', words: ['dominfo', uuid] },
    { section: 'dumpxml', words: ['dumpxml', uuid] },
    { section: 'domstats', words: ['domstats', '--raw', uuid] },
    { section: 'version', words: ['version', '--daemon'] },
    { section: 'nodeinfo', words: ['nodeinfo'] },
    { section: 'hostname', words: ['hostname'] },
    { section: 'blocks', words: ['domblkinfo', uuid, '--all'] },
  ], 'read');
  if (!batch.ok) return { ok: false, gone: false, message: batch.result.message };
  const section = (name: string) => batch.sections.get(name) ?? '';
  if (!section('dominfo').trim() && !section('dumpxml').trim()) {
    return { ok: false, gone: DOMAIN_GONE.test(batch.stderr), message: batch.stderr || `virsh printed nothing about ${uuid}` };
  }
  return {
    ok: true,
    outputs: {
      dominfo: section('dominfo'),
      dumpxml: section('dumpxml'),
      domstats: section('domstats'),
      version: section('version'),
      nodeinfo: section('nodeinfo'),
      hostname: section('hostname'),
      blockInfo: section('blocks'),
      guestAgent: await askGuestAgent(virsh, uri, uuid, section('dumpxml'), section('dominfo')),
    },
  };
}

async function askGuestAgent(virsh: Virsh, uri: string, uuid: string, dumpxml: string, dominfo: string): Promise<GuestAgentAnswer> {
  const state = parseKeyValueLines(dominfo).get('State');
  if (state !== 'running') return { ok: false, reason: `The guest is ${state ?? 'not running'}: its OS is read through the QEMU guest agent while it runs.` };
  const xml = parseDomainXml(dumpxml);
  const channel = xml.ok ? xml.domain.guestAgentChannel : undefined;
  if (!channel) return { ok: false, reason: NO_AGENT_HINT };
  if (channel.state !== 'connected') {
    return { ok: false, reason: 'The guest agent does not answer: install qemu-guest-agent in the guest and start it (the domain already has its channel).' };
  }
  const result = await virsh.run(uri, ['guestinfo', uuid], 'write');
  if (!result.ok) return { ok: false, reason: `virsh guestinfo failed: ${result.message}` };
  return { ok: true, values: parseKeyValueLines(result.stdout) };
}
