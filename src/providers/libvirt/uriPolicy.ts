// Which libvirt connection URIs virsh may be given. A URI is more than an address: its transport
// and parameters can make virsh start a program of the URI's choosing (`+ext`, `command=`,
// `netcat=`) or connect to a host without proving it (`no_verify=1`, `known_hosts_verify=auto`).
// Those are refused with the reason, wherever the URI comes from. A `socket=` is the user's own
// choice only in a URI of their settings: a URI from anywhere else (a panel's saved state, a
// command argument) never reaches virsh at all (LibvirtProvider.connectionFor). An SSH transport
// is told never to prompt (`no_tty=1`), so an unknown host key fails instead of asking.

export type UriCheck = { ok: true; uri: string; effective: string } | { ok: false; uri: string; reason: string };

/** Parameters that name a program or socket for virsh (or the remote side) to use. */
const PROGRAM_PARAMETERS: Record<string, string> = {
  command: 'names a program for virsh to run',
  netcat: 'names a program to run on the remote host',
};

const SSH_TRANSPORTS = new Set(['ssh', 'libssh', 'libssh2']);

/** `driver[+transport]://[user@][host][:port]/path[?params]`; a bare word is an alias from libvirt.conf. */
const URI_SHAPE = /^([a-z][a-z0-9]*)(?:\+([a-z0-9]+))?:\/\/([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/i;
const ALIAS_SHAPE = /^[A-Za-z0-9][\w.-]*$/;

export function checkLibvirtUri(raw: string): UriCheck {
  const uri = raw.trim();
  if (ALIAS_SHAPE.test(uri)) return { ok: true, uri, effective: uri }; // resolved by the user's own libvirt.conf
  const match = URI_SHAPE.exec(uri);
  if (!match) return { ok: false, uri, reason: 'it is not a libvirt URI (driver[+transport]://[host]/path)' };
  const transport = match[2]?.toLowerCase();
  // ssh reads a host or user that begins with '-' as an option (-oProxyCommand=...).
  if (match[3].split('@').some((part) => part.startsWith('-'))) return { ok: false, uri, reason: 'its user or host begins with “-”, which ssh would read as an option' };
  if (transport === 'ext') return { ok: false, uri, reason: 'its transport “ext” runs a program named in the URI' };
  const params = parseParameters(match[5] ?? '');
  if (params === undefined) return { ok: false, uri, reason: 'its parameters cannot be read' };
  for (const [name, value] of params) {
    if (Object.hasOwn(PROGRAM_PARAMETERS, name)) return { ok: false, uri, reason: `its parameter “${name}” ${PROGRAM_PARAMETERS[name]}` };
    if (name === 'no_verify' && value !== '0') return { ok: false, uri, reason: 'its parameter “no_verify” turns off the check of the remote host’s identity' };
    if (name === 'known_hosts_verify' && value !== 'normal') return { ok: false, uri, reason: `its parameter “known_hosts_verify=${value}” accepts a host key that is not already known` };
  }
  const noPrompt = transport !== undefined && SSH_TRANSPORTS.has(transport) && !params.some(([name]) => name === 'no_tty');
  return { ok: true, uri, effective: noPrompt ? `${uri}${match[5] ? '&' : '?'}no_tty=1` : uri };
}

/** `a=1&b=2` (libvirt also splits on `;`) → lower-cased names with decoded values; undefined for malformed escapes. */
function parseParameters(query: string): Array<[string, string]> | undefined {
  const params: Array<[string, string]> = [];
  for (const part of query.split(/[&;]/)) {
    if (!part) continue;
    const equals = part.indexOf('=');
    try {
      const name = decodeURIComponent(equals < 0 ? part : part.slice(0, equals)).toLowerCase();
      const value = equals < 0 ? '' : decodeURIComponent(part.slice(equals + 1).replace(/\+/g, ' '));
      params.push([name, value]);
    } catch {
      return undefined;
    }
  }
  return params;
}
