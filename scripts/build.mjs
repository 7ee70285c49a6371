// Builds the two bundles: the extension host (Node, CommonJS) and the webview app (browser, ESM).
// Usage: node scripts/build.mjs [--watch] [--dev]   (--dev: no minify, inline source maps)
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev') || watch;

const common = {
  bundle: true,
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  logLevel: 'info',
  absWorkingDir: root,
  metafile: true,
};

// dockerode (with gRPC, protobuf and ssh2: about two thirds of the code) is a bundle of its own,
// loaded on the first engine call: VS Code then compiles only the extension's own code when it
// activates. The extension bundle requires it by relative path.
const VENDOR_DOCKERODE = './vendor-dockerode.js';
const dockerodeAsVendorBundle = {
  name: 'dockerode-as-vendor-bundle',
  setup(build) {
    build.onResolve({ filter: /^dockerode$/ }, () => ({ path: VENDOR_DOCKERODE, external: true }));
  },
};

// @kubernetes/client-node (an ES module with its generated API models) likewise: loaded by the
// first cluster call, so a machine without a kubeconfig never compiles it.
const VENDOR_KUBERNETES = './vendor-kubernetes.js';
const kubernetesAsVendorBundle = {
  name: 'kubernetes-as-vendor-bundle',
  setup(build) {
    build.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: VENDOR_KUBERNETES, external: true }));
  },
};

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  // `vscode` is provided by the editor.
  external: ['vscode'],
  plugins: [dockerodeAsVendorBundle, kubernetesAsVendorBundle],
};

// `workload-stacks-image`, the image check for CI: Node alone, dockerode from the same vendor bundle.
const imageCheck = {
  ...common,
  entryPoints: ['src/cli/imageCheck.ts'],
  outfile: 'dist/image-check.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  banner: { js: '#!/usr/bin/env node' },
  plugins: [dockerodeAsVendorBundle],
};

const vendorDockerode = {
  ...common,
  entryPoints: ['dockerode'],
  outfile: 'dist/vendor-dockerode.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  // ssh2's optional native addons cannot be bundled; without them ssh2 falls back to JavaScript.
  external: ['*.node'],
};

const vendorKubernetes = {
  ...common,
  // Only what src/providers/kubernetes/client.ts uses: the generated API classes and models
  // (two thirds of the package) are left out.
  stdin: { contents: "export { Exec, KubeConfig } from '@kubernetes/client-node';", resolveDir: root, loader: 'js' },
  outfile: 'dist/vendor-kubernetes.js',
  platform: 'node',
  format: 'cjs',
  target: 'node18',
};

const webview = {
  ...common,
  entryPoints: ['webview-ui/src/main.ts'],
  outfile: 'dist/webview.js',
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
};

if (watch) {
  for (const options of [extension, imageCheck, vendorDockerode, vendorKubernetes, webview]) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all([esbuild.build(extension), esbuild.build(imageCheck), esbuild.build(vendorDockerode), esbuild.build(vendorKubernetes), esbuild.build(webview)]);
}
