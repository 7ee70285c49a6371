// One refresh of one connection URI, in at most two virsh processes whatever the number of
// domains: (1) `list --all --uuid --name` + `domstats --raw --state --vcpu --balloon` in one batch;
// (2) only for domains domstats said too little about (the test driver reports only the state),
// one batch of `dominfo` per such domain.
import type { ToolResult } from '../exec/runTool';
import { isUuid, kibField, numberField, parseDomainStats, parseKeyValueLines, parseUuidNameList, type DomainStatsRecord } from './virshOutput';
import type { BatchCommand, Virsh } from './virsh';

/** What one domain's tree row needs, gathered from list + domstats (+ dominfo). */
export interface DomainListing {
  uuid: string;
  name: string;
  /** virDomainState number from domstats `state.state`. */
  stateCode?: number;
  /** Words from dominfo `State:` when domstats had none. */
  stateWords?: string;
  vcpus?: number;
  /** Current (balloon) memory. */
  memoryBytes?: number;
}

export type UriListing =
  | { ok: true; uri: string; domains: DomainListing[]; processes: number; notes: string[] }
  | { ok: false; uri: string; failure: ToolResult & { ok: false }; processes: number };

/** `connection` is what virsh is given (see uriPolicy); `uri` is the one configured, named in results. */
export async function listUri(virsh: Virsh, connection: string, uri = connection): Promise<UriListing> {
  const first = await virsh.batch(connection, [
    { section: 'list', words: ['list', '--all', '--uuid', '--name'] },
    { section: 'stats', words: ['domstats', '--raw', '--state', '--vcpu', '--balloon'] },
  ], 'read');
  if (!first.ok) return { ok: false, uri, failure: first.result, processes: 1 };
  const notes = first.stderr ? [first.stderr] : [];
  const domains = mergeListAndStats(first.sections.get('list') ?? '', first.sections.get('stats') ?? '');
  const incomplete = domains.filter(needsDominfo);
  if (incomplete.length === 0) return { ok: true, uri, domains, processes: 1, notes };
  const second = await virsh.batch(connection, incomplete.map(dominfoCommand), 'read');
  if (!second.ok) return { ok: true, uri, domains, processes: 2, notes: [...notes, second.result.message] };
  for (const domain of incomplete) fillFromDominfo(domain, second.sections.get(sectionName(domain.uuid)) ?? '');
  return { ok: true, uri, domains, processes: 2, notes: second.stderr ? [...notes, second.stderr] : notes };
}

export function mergeListAndStats(listText: string, statsText: string): DomainListing[] {
  const statsByName = new Map<string, DomainStatsRecord>();
  for (const record of parseDomainStats(statsText)) statsByName.set(record.name, record);
  return parseUuidNameList(listText).map((identity) => {
    const listing: DomainListing = { ...identity };
    const fields = statsByName.get(identity.name)?.fields;
    if (!fields) return listing;
    listing.stateCode = numberField(fields.get('state.state'));
    listing.vcpus = numberField(fields.get('vcpu.current'));
    const balloonKib = numberField(fields.get('balloon.current'));
    if (balloonKib !== undefined) listing.memoryBytes = balloonKib * 1024;
    return listing;
  });
}

function needsDominfo(domain: DomainListing): boolean {
  return domain.stateCode === undefined || domain.vcpus === undefined || domain.memoryBytes === undefined;
}

function dominfoCommand(domain: DomainListing): BatchCommand {
  if (!isUuid(domain.uuid)) throw new Error(`Not a UUID: ${domain.uuid}`);
  return { section: sectionName(domain.uuid), words: ['dominfo', domain.uuid] };
}

function sectionName(uuid: string): string {
  return `d-${uuid.toLowerCase()}`;
}

/** Fills what domstats left out from `dominfo` ("CPU(s): 2", "Used memory: 2097152 KiB", "State: paused"). */
export function fillFromDominfo(domain: DomainListing, dominfoText: string): void {
  const values = parseKeyValueLines(dominfoText);
  const state = values.get('State');
  if (domain.stateCode === undefined && state) domain.stateWords = state;
  domain.vcpus ??= numberField(values.get('CPU(s)'));
  domain.memoryBytes ??= kibField(values.get('Used memory')) ?? kibField(values.get('Max memory'));
}
