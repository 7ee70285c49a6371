// Why a connection URI could not be listed, in words a user can act on; and which failures are
// not failures at all (no session daemon running simply means no session VMs).
import type { ToolResult } from '../exec/runTool';
import type { Diagnosis } from '../provider';

type Failure = ToolResult & { ok: false };

const SOCKET_MISSING = /Failed to connect socket to '[^']*': (No such file or directory|Connection refused)/i;

/** qemu:///session (or any `.../session` URI) with no daemon listening: nothing there, not an error. */
export function isQuietSessionAbsence(uri: string, failure: Failure): boolean {
  return /^[a-z0-9+]+:\/\/\/session$/i.test(uri) && SOCKET_MISSING.test(`${failure.stderr}\n${failure.message}`);
}

export function diagnoseUriFailure(uri: string, failure: Failure): Diagnosis {
  const text = `${failure.stderr}\n${failure.message}`;
  if (failure.kind === 'missing') {
    return { kind: 'not-running', message: failure.message, hint: 'Install the libvirt client tools (Debian/Ubuntu: libvirt-clients; Fedora: libvirt-client).' };
  }
  if (failure.kind === 'timeout') {
    return { kind: 'timeout', message: `${uri}: virsh did not answer in time.`, hint: 'Check that the libvirt daemon is responsive (`virsh -c URI list`), or raise the timeout setting.' };
  }
  if (SOCKET_MISSING.test(text)) {
    return {
      kind: 'not-running',
      message: `${uri}: no libvirt daemon is listening (${lastErrorLine(text)}).`,
      hint: 'Start libvirtd or virtqemud (e.g. `sudo systemctl start libvirtd`), or remove this URI from workloadStacks.libvirt.uris.',
    };
  }
  if (/permission denied|authentication (failed|unavailable)|access denied|polkit/i.test(text)) {
    return {
      kind: 'permission-denied',
      message: `${uri}: libvirt refused the connection (${lastErrorLine(text)}).`,
      hint: 'Add your user to the libvirt group and log in again, or use qemu:///session for your own VMs.',
    };
  }
  return { kind: 'unknown', message: `${uri}: ${lastErrorLine(text)}`, hint: 'Run `virsh -c URI list --all` in a terminal to see the full error.' };
}

/** Several URIs failed: one diagnosis naming each, with the first one's kind and hint. */
export function combineDiagnoses(diagnoses: readonly Diagnosis[]): Diagnosis {
  if (diagnoses.length === 1) return diagnoses[0];
  return { kind: diagnoses[0]?.kind ?? 'unknown', message: diagnoses.map((diagnosis) => diagnosis.message).join(' '), hint: diagnoses[0]?.hint ?? '' };
}

function lastErrorLine(text: string): string {
  const errors = text.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('error:'));
  const chosen = errors.length > 0 ? errors[errors.length - 1].replace(/^error:\s*/, '') : text.trim().split('\n').pop() ?? '';
  return chosen.slice(0, 300) || 'unknown error';
}
