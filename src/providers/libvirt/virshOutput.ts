// Parsers for virsh's text output (list, domstats --raw, dominfo, nodeinfo, version, guestinfo,
// domblkinfo --all). Pure: untrusted text in, plain values out; garbage gives empty results.

export interface DomainIdentity {
  uuid: string;
  name: string;
}

/** One `Domain: 'name'` block of `domstats --raw`: field -> raw value. */
export interface DomainStatsRecord {
  name: string;
  fields: Map<string, string>;
}

export interface VirshVersion {
  /** "libvirt 9.0.0" */
  library?: string;
  /** "QEMU 9.0.0": the driver and its API version. */
  api?: string;
  /** "QEMU 7.2.22": the hypervisor the daemon runs. */
  hypervisor?: string;
  /** "9.0.0": libvirtd's own version, from `version --daemon`. */
  daemon?: string;
}

export interface BlockInfo {
  target: string;
  capacityBytes?: number;
  allocationBytes?: number;
  physicalBytes?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LINES = 200_000;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

function lines(text: string): string[] {
  return text.split(/\r?\n/, MAX_LINES);
}

/** `list --all --uuid --name`: "<uuid> <name>" per line (names may hold spaces). */
export function parseUuidNameList(text: string): DomainIdentity[] {
  const domains: DomainIdentity[] = [];
  for (const line of lines(text)) {
    const match = /^([0-9a-fA-F-]{36}) (.+)$/.exec(line.trim());
    if (match && isUuid(match[1])) domains.push({ uuid: match[1].toLowerCase(), name: match[2] });
  }
  return domains;
}

/** `domstats --raw`: blocks headed `Domain: 'name'`, then indented `key=value` lines. */
export function parseDomainStats(text: string): DomainStatsRecord[] {
  const records: DomainStatsRecord[] = [];
  let current: DomainStatsRecord | undefined;
  for (const line of lines(text)) {
    const header = /^Domain: '(.*)'\s*$/.exec(line);
    if (header) {
      current = { name: header[1], fields: new Map() };
      records.push(current);
      continue;
    }
    const field = /^\s+([\w.-]+)=(.*)$/.exec(line);
    if (field && current) current.fields.set(field[1], field[2].trim());
  }
  return records;
}

/**
 * "Key: value" lines (dominfo, nodeinfo) or "key : value" (guestinfo). Keys keep their words;
 * a line without the separator is ignored. The first occurrence of a key wins.
 */
export function parseKeyValueLines(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of lines(text)) {
    const match = /^([^:]{1,80}?)\s*:\s?(.*)$/.exec(line);
    if (!match) continue;
    const key = match[1].trim();
    if (key && !values.has(key)) values.set(key, match[2].trim());
  }
  return values;
}

/** `version` (and `version --daemon`). */
export function parseVersion(text: string): VirshVersion {
  const values = parseKeyValueLines(text);
  const version: VirshVersion = {};
  const library = values.get('Using library');
  const api = values.get('Using API');
  const hypervisor = values.get('Running hypervisor');
  const daemon = values.get('Running against daemon');
  if (library) version.library = library;
  if (api) version.api = api;
  if (hypervisor) version.hypervisor = hypervisor;
  if (daemon) version.daemon = daemon;
  return version;
}

/** `domblkinfo --all`: a table "Target Capacity Allocation Physical", sizes in bytes or "-". */
export function parseBlockInfoTable(text: string): BlockInfo[] {
  const rows: BlockInfo[] = [];
  for (const line of lines(text)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== 4 || cells[0] === 'Target' || /^-+$/.test(cells[0])) continue;
    const [target, capacity, allocation, physical] = cells;
    if (![capacity, allocation, physical].every((cell) => /^(\d{1,20}|-)$/.test(cell))) continue;
    rows.push({ target, capacityBytes: bytes(capacity), allocationBytes: bytes(allocation), physicalBytes: bytes(physical) });
  }
  return rows;
}

function bytes(cell: string): number | undefined {
  return /^\d+$/.test(cell) ? Number(cell) : undefined;
}

/** A non-negative finite number from a domstats/dominfo field, else undefined. */
export function numberField(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,20}(\.\d+)?$/.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** dominfo's "131072 KiB" -> bytes. */
export function kibField(value: string | undefined): number | undefined {
  const match = value ? /^(\d{1,15}) KiB$/.exec(value) : null;
  return match ? Number(match[1]) * 1024 : undefined;
}
