// The address Open Published Port opens. The engine's HostIp is engine data, not trusted: only an
// IP address is taken from it (a host name could send the browser anywhere), and a port bound to
// every interface is reached through loopback from this machine.
import { isIP } from 'net';
import type { PublishedPort } from '../providers/provider';

/** An http:// URL for a published TCP port, or undefined when the engine's answer is not an address. */
export function publishedPortUrl(port: PublishedPort): string | undefined {
  const publicPort = port.publicPort;
  if (publicPort === undefined || !Number.isInteger(publicPort) || publicPort < 1 || publicPort > 65535) return undefined;
  const hostIp = port.hostIp?.trim() ?? '';
  const wildcard = hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::';
  if (!wildcard && isIP(hostIp) === 0) return undefined;
  const host = wildcard ? 'localhost' : hostIp;
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${publicPort}/`;
}
