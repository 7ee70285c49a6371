// The linter guards the layering (see README, "How it is built"): each block says which imports
// a part of the house may not make, so a file that crosses a boundary fails `npm test` at once.
import tseslint from 'typescript-eslint';

/** Patterns for imports of the editor-bound layers, from anywhere below src/. */
const EDITOR_LAYERS = ['**/tree/**', '**/panel/**', '**/commands/**', '**/extension', '**/api'];

/** Flat config keeps only the last no-restricted-imports that matches a file, so each block repeats this one. */
const ENGINE_CLIENT = [
  ...['dockerode', 'docker-modem'].map((name) => ({ name, message: 'Only src/providers/docker/client.ts loads the engine client.' })),
  { name: '@kubernetes/client-node', message: 'Only src/providers/kubernetes/client.ts loads the Kubernetes client.' },
];

function restricted(patterns, message, paths = []) {
  return ['error', { paths: [...paths, ...ENGINE_CLIENT], patterns: [{ group: patterns, message }] }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'media/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Only the Docker client loads dockerode: everything else goes through DockerClient.
    files: ['src/**/*.ts'],
    ignores: ['src/providers/docker/client.ts', 'src/providers/kubernetes/client.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ENGINE_CLIENT }],
    },
  },
  {
    // The two client modules: each loads its own library and not the other's.
    files: ['src/providers/docker/client.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ENGINE_CLIENT.filter((entry) => entry.name === '@kubernetes/client-node') }] },
  },
  {
    files: ['src/providers/kubernetes/client.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ENGINE_CLIENT.filter((entry) => entry.name !== '@kubernetes/client-node') }] },
  },
  {
    // The model both sides of the webview share: it imports nothing of ours beyond itself.
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': restricted(['../*', 'vscode'], 'src/shared/ imports nothing outside src/shared/ (and not vscode).', ['vscode']) },
  },
  {
    // The exports one folder down (src/shared/export/): the model beside them, still nothing outside src/shared/.
    files: ['src/shared/export/**/*.ts'],
    rules: { 'no-restricted-imports': restricted(['../../*', 'vscode'], 'src/shared/export/ imports only src/shared/ (and not vscode).', ['vscode']) },
  },
  {
    // Providers read engines and tools; they know nothing of the editor or its views.
    files: ['src/providers/**/*.ts'],
    ignores: ['src/providers/docker/client.ts', 'src/providers/kubernetes/client.ts'],
    rules: {
      'no-restricted-imports': restricted([...EDITOR_LAYERS, '**/catalog/**', '**/overhead/**'], 'Providers import no vscode and nothing of the catalog, tree, panels, commands or overhead lab.', ['vscode']),
    },
  },
  {
    // The catalog is editor-free, so it runs (and is tested) without VS Code.
    files: ['src/catalog/**/*.ts'],
    rules: { 'no-restricted-imports': restricted([...EDITOR_LAYERS, '**/providers/*/**'], 'The catalog imports no vscode, no views and no concrete provider.', ['vscode']) },
  },
  {
    // The overhead lab measures without the editor: the command and the panel show its results.
    files: ['src/overhead/**/*.ts'],
    rules: { 'no-restricted-imports': restricted([...EDITOR_LAYERS, '**/catalog/**'], 'The overhead lab imports no vscode, no views and no catalog.', ['vscode']) },
  },
  {
    // Commands reach workloads through the WorkloadProvider contract, never a concrete provider.
    files: ['src/commands/**/*.ts'],
    rules: { 'no-restricted-imports': restricted(['../providers/*/**'], 'Commands import no src/providers/<kind>/: add a capability to WorkloadProvider instead.') },
  },
  {
    // Panels draw what they are given: their toolbar runs through the WorkloadActions service the
    // composition root hands them, so they import no commands, no tree and no command ids.
    files: ['src/panel/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(['**/commands/**', '**/commandIds', '**/tree/**', '**/extension', '**/providers/*/**'], 'Panels import no commands, command ids, tree or concrete provider: ask through WorkloadActions.'),
    },
  },
  {
    // The webview runs in the browser: it shares src/shared/ with the extension and nothing else.
    files: ['webview-ui/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(['../../src/*', '!../../src/shared', '../../src/*/**', '!../../src/shared/**', 'vscode'], 'The webview imports only src/shared/ from the extension.', ['vscode']),
    },
  },
);
