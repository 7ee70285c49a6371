// Images for the private engine, made locally: no registry is reachable on the test machines.
// local/busybox is imported from Debian's static busybox; other images build FROM it with the
// legacy builder (BuildKit needs buildx, which the 20.10 engine's client lacks).
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackages } from './apt.mjs';
import { connect, dockerCli } from './dockerd.mjs';
import { onCleanup, run } from './processes.mjs';

export const busyboxImage = 'local/busybox:latest';
export const deepImage = 'local/deep:latest';
/** Layers (and history entries) of local/deep: busybox's one plus one small file each. */
export const deepImageLayerCount = 64;

const staticBusybox = '/bin/busybox';
const imagePath = '/usr/sbin:/usr/bin:/sbin:/bin';
const tarAsRoot = ['--numeric-owner', '--owner=0', '--group=0'];

async function imageExists(docker, tag) {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (error) {
    if (error.statusCode === 404) return false;
    throw error;
  }
}

function withWorkDir(prefix, work) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const unregister = onCleanup(`scratch directory ${dir}`, async () => remove(), remove);
  return work(dir).finally(() => {
    unregister();
    remove();
  });
}

/** Debian's static busybox as a root file system in `rootfs`: its applets, a passwd with nobody, /tmp. */
export async function writeBusyboxRootfs(rootfs) {
  const { stdout: usage } = await run(staticBusybox, ['--help']);
  const { stdout: applets } = await run(staticBusybox, ['--list-full']);
  mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  copyFileSync(staticBusybox, path.join(rootfs, 'bin', 'busybox'));
  chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
  for (const applet of applets.split('\n').map((line) => line.trim())) {
    if (!applet || applet === 'bin/busybox') continue;
    mkdirSync(path.join(rootfs, path.dirname(applet)), { recursive: true });
    symlinkSync('/bin/busybox', path.join(rootfs, applet));
  }
  mkdirSync(path.join(rootfs, 'etc'));
  writeFileSync(path.join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(path.join(rootfs, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  const version = /BusyBox v([\w.]+)/.exec(usage)?.[1] ?? 'unknown';
  const osRelease = [
    'NAME="BusyBox"',
    'ID=busybox',
    `VERSION_ID="${version}"`,
    `PRETTY_NAME="BusyBox ${version} rootfs (made by the Workload Stacks tests)"`,
  ];
  writeFileSync(path.join(rootfs, 'etc', 'os-release'), `${osRelease.join('\n')}\n`);
  for (const dir of ['tmp', 'root']) mkdirSync(path.join(rootfs, dir));
  chmodSync(path.join(rootfs, 'tmp'), 0o1777);
  chmodSync(path.join(rootfs, 'root'), 0o700);
}

/** local/busybox:latest, imported from Debian's busybox-static when the engine lacks it. */
export async function ensureBusyboxImage(dockerHost) {
  if (await imageExists(connect(dockerHost), busyboxImage)) return busyboxImage;
  await importBusybox((changes, rootfsTar) => run(dockerCli(), ['--host', dockerHost, 'import', ...changes, rootfsTar, busyboxImage]));
  return busyboxImage;
}

/**
 * Builds the busybox root file system as a tar and hands it to `importTar(changes, tarPath)`,
 * which imports it into an engine (the docker CLI, or Podman's on its private store).
 */
export async function importBusybox(importTar) {
  await ensureDebianPackages(['busybox-static']);
  await withWorkDir('ws-busybox-', async (workDir) => {
    const rootfs = path.join(workDir, 'rootfs');
    const rootfsTar = path.join(workDir, 'rootfs.tar');
    await writeBusyboxRootfs(rootfs);
    await run('tar', ['-C', rootfs, ...tarAsRoot, '-c', '-f', rootfsTar, '.']);
    await importTar(['--change', 'CMD ["/bin/sh"]', '--change', `ENV PATH=${imagePath}`], rootfsTar);
  });
}

/**
 * Builds `dockerfileText` as `tag` with the legacy builder; `contextFiles` maps relative paths
 * to file contents for COPY/ADD. Resolves with the image id.
 */
export async function buildImage(dockerHost, tag, dockerfileText, contextFiles = {}) {
  const docker = connect(dockerHost);
  return withWorkDir('ws-build-', async (context) => {
    writeFileSync(path.join(context, 'Dockerfile'), dockerfileText);
    for (const [relativePath, content] of Object.entries(contextFiles)) {
      mkdirSync(path.dirname(path.join(context, relativePath)), { recursive: true });
      writeFileSync(path.join(context, relativePath), content);
    }
    const stream = await docker.buildImage({ context, src: ['Dockerfile', ...Object.keys(contextFiles)] }, { t: tag, rm: true, forcerm: true });
    const output = await new Promise((resolve, reject) => {
      docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result)));
    });
    const failure = output.find((event) => event.error || event.errorDetail);
    if (failure) throw new Error(`Building ${tag} failed: ${failure.error ?? failure.errorDetail.message}`);
    return (await docker.getImage(tag).inspect()).Id;
  });
}

/**
 * local/deep:latest: local/busybox plus 63 layers of one small file each, for diagrams with many
 * layers. 63 RUN steps take a minute to build here, so the layer tars are written directly,
 * appended to busybox's saved image and loaded (about 12 s); each history entry says so.
 */
export async function ensureDeepImage(dockerHost) {
  if (await imageExists(connect(dockerHost), deepImage)) return deepImage;
  await ensureBusyboxImage(dockerHost);
  const docker = ['--host', dockerHost];
  await withWorkDir('ws-deep-', async (workDir) => {
    const bundle = path.join(workDir, 'bundle');
    mkdirSync(bundle);
    await run(dockerCli(), [...docker, 'save', '--output', path.join(workDir, 'busybox.tar'), busyboxImage]);
    await run('tar', ['-C', bundle, '-x', '-f', path.join(workDir, 'busybox.tar')]);
    const [base] = JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8'));
    const config = JSON.parse(readFileSync(path.join(bundle, base.Config), 'utf8'));
    const layers = [...base.Layers];
    for (let layer = 2; layer <= deepImageLayerCount; layer++) {
      const name = String(layer).padStart(2, '0');
      const source = path.join(workDir, `layer-${name}`);
      mkdirSync(path.join(source, 'layers'), { recursive: true });
      writeFileSync(path.join(source, 'layers', name), `layer ${name}\n`);
      const layerTar = `deep-${name}.tar`;
      await run('tar', ['-C', source, ...tarAsRoot, '-c', '-f', path.join(bundle, layerTar), 'layers']);
      layers.push(layerTar);
      config.rootfs.diff_ids.push(`sha256:${createHash('sha256').update(readFileSync(path.join(bundle, layerTar))).digest('hex')}`);
      config.history.push({
        created: new Date().toISOString(),
        created_by: `/bin/sh -c echo "layer ${name}" > /layers/${name}`,
        comment: 'layer file written by the Workload Stacks test harness',
      });
    }
    config.created = new Date().toISOString();
    writeFileSync(path.join(bundle, 'deep.json'), JSON.stringify(config));
    writeFileSync(path.join(bundle, 'manifest.json'), JSON.stringify([{ Config: 'deep.json', RepoTags: [deepImage], Layers: layers }]));
    const bundleTar = path.join(workDir, 'deep.tar');
    await run('tar', ['-C', bundle, '-c', '-f', bundleTar, 'manifest.json', 'deep.json', ...layers]);
    await run(dockerCli(), [...docker, 'load', '--input', bundleTar]);
  });
  return deepImage;
}
