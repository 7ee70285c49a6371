// Raw engine JSON in a read-only editor: a content provider serves `workload-stacks:` documents,
// which VS Code cannot save back. Secret values are masked until the user reveals them (the
// editor's title action opens the same document with `reveal=1`). A document URI can be opened
// from anywhere (a link, another extension): it is read only for a workload a source lists.
import * as vscode from 'vscode';
import type { WorkloadRef } from '../shared/model';
import type { WorkloadProvider, WorkloadSummary } from '../providers/provider';

export const INSPECT_SCHEME = 'workload-stacks';

export class InspectDocuments implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly providerOf: (id: string) => WorkloadProvider | undefined,
    private readonly listedWorkload: (ref: WorkloadRef) => Promise<WorkloadSummary | undefined>,
  ) {}

  static uriFor(ref: WorkloadRef, name: string, reveal = false): vscode.Uri {
    const safeName = name.replace(/[^\w.-]+/g, '_') || 'workload';
    const query = new URLSearchParams({ kind: ref.kind, id: ref.id, ...(reveal ? { reveal: '1' } : {}) });
    return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${ref.providerId}/${safeName}${reveal ? '.revealed' : ''}.json`, query: query.toString() });
  }

  /** The same document with its secret values shown. */
  static revealed(uri: vscode.Uri): vscode.Uri {
    const query = new URLSearchParams(uri.query);
    query.set('reveal', '1');
    return uri.with({ path: uri.path.replace(/(\.revealed)?\.json$/, '.revealed.json'), query: query.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const providerId = uri.path.split('/')[1] ?? '';
    const id = query.get('id') ?? '';
    const listed = id ? await this.listedWorkload({ kind: 'container', providerId, id }) : undefined;
    const provider = this.providerOf(providerId);
    if (!listed || !provider) return `// ${id.slice(0, 80) || 'This'} is not a workload Workload Stacks lists: nothing was read.`;
    const raw = await provider.inspectRaw(listed.ref, { revealSecrets: query.get('reveal') === '1' });
    return JSON.stringify(raw, null, 2);
  }
}
