// Proves the harness itself: this file runs inside a real VS Code extension host, with the
// workspace folder the runner opened and this repository loaded as the extension under development.
import * as assert from 'assert';
import * as vscode from 'vscode';

describe('integration harness', () => {
  it('runs inside a real VS Code', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  });

  it('opened exactly one workspace folder', () => {
    assert.strictEqual(vscode.workspace.workspaceFolders?.length, 1);
  });

  it('loaded Workload Stacks as the extension under development', () => {
    const extension = vscode.extensions.getExtension('workload-stacks.workload-stacks');
    assert.ok(extension, 'extension workload-stacks.workload-stacks is not loaded');
  });
});
