// Measurement 7 (sizes): the production bundles and the VSIX that scripts/package.mjs built.
const names = {
  'workload-stacks.vsix': ['vsix-size', '(7) VSIX size'],
  'dist/extension.js': ['extension-bundle-size', '(7) dist/extension.js (minified)'],
  'dist/webview.js': ['webview-bundle-size', '(7) dist/webview.js (minified)'],
  'dist/vendor-dockerode.js': ['vendor-bundle-size', '(7) dist/vendor-dockerode.js (minified, loaded on first engine call)'],
};

/** Sizes of a package already built (run.mjs builds once, for every step that loads the extension). */
export function measureSizes({ sizes }) {
  const rows = Object.entries(sizes).map(([file, bytes]) => {
    const [id, measure] = names[file] ?? [file, file];
    return { id, measure, unit: 'MB', samples: [bytes / (1024 * 1024)], note: `${bytes} bytes` };
  });
  // The target is on all extension-host code, whether loaded at activation or on first use.
  const hostBytes = (sizes['dist/extension.js'] ?? 0) + (sizes['dist/vendor-dockerode.js'] ?? 0);
  rows.push({ id: 'extension-host-code-size', measure: '(7) extension host code in all (extension + vendor bundles)', unit: 'MB', samples: [hostBytes / (1024 * 1024)], note: `${hostBytes} bytes` });
  return rows;
}
