// Seccomp, AppArmor and no-new-privileges for one container: its own SecurityOpt first, then
// what the engine applies by default (GET /info → SecurityOptions).
import type { Fact } from '../../../shared/model';
import type { ContainerInspect, EngineInfo } from '../contracts';
import { fact, source } from './facts';

/** `name=seccomp,profile=builtin` -> { seccomp: { profile: 'builtin' } }. */
function engineSecurityOptions(info: EngineInfo): Map<string, Map<string, string>> {
  const options = new Map<string, Map<string, string>>();
  for (const option of info.SecurityOptions) {
    const settings = new Map(option.split(',').map((pair) => splitOnce(pair, '=')));
    const name = settings.get('name');
    if (name) options.set(name, settings);
  }
  return options;
}

/** Container SecurityOpt entries are `key=value`, `key:value` (old engines) or a bare `key`. */
function containerSecurityOptions(container: ContainerInspect): Map<string, string> {
  return new Map(container.HostConfig.SecurityOpt.map((option) => splitOnce(option, /[=:]/)));
}

export function securityProfileFacts(container: ContainerInspect, info: EngineInfo | undefined): Fact[] {
  const own = containerSecurityOptions(container);
  const engine = info ? engineSecurityOptions(info) : undefined;
  const privileged = container.HostConfig.Privileged === true;
  const noNewPrivileges = own.has('no-new-privileges') && own.get('no-new-privileges') !== 'false';
  return [
    fact('seccomp', 'Seccomp', seccomp(own, engine, privileged), source.container('HostConfig.SecurityOpt') + '; ' + source.info('SecurityOptions')),
    fact('apparmor', 'AppArmor', apparmor(container, own, engine, privileged), source.container('AppArmorProfile, HostConfig.SecurityOpt')),
    fact('no-new-privileges', 'No new privileges', noNewPrivileges ? 'yes' : 'no', source.container('HostConfig.SecurityOpt')),
  ];
}

function seccomp(own: Map<string, string>, engine: Map<string, Map<string, string>> | undefined, privileged: boolean): string {
  if (privileged) return 'unconfined (privileged)';
  const chosen = own.get('seccomp');
  if (chosen === 'unconfined') return 'unconfined';
  // The CLI sends a profile file's content, so the value is usually JSON.
  if (chosen) return chosen.trimStart().startsWith('{') ? 'custom profile' : `custom profile ${chosen}`;
  if (!engine) return 'engine default';
  if (!engine.has('seccomp')) return 'none (the engine has no seccomp support)';
  const profile = engine.get('seccomp')?.get('profile');
  if (!profile || profile === 'default' || profile === 'builtin') return 'default profile';
  return profile === 'unconfined' ? 'unconfined (engine default)' : `engine profile ${profile}`;
}

function apparmor(
  container: ContainerInspect,
  own: Map<string, string>,
  engine: Map<string, Map<string, string>> | undefined,
  privileged: boolean,
): string {
  if (privileged) return 'unconfined (privileged)';
  const profile = own.get('apparmor') || container.AppArmorProfile;
  if (profile) return profile === 'docker-default' ? 'docker-default (default)' : profile;
  if (engine && !engine.has('apparmor')) return 'none (AppArmor is not enabled on the engine host)';
  return 'engine default';
}

function splitOnce(text: string, separator: string | RegExp): [string, string] {
  const match = typeof separator === 'string' ? text.indexOf(separator) : text.search(separator);
  return match === -1 ? [text, ''] : [text.slice(0, match), text.slice(match + 1)];
}
