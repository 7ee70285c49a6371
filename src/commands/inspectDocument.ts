// Raw engine JSON in a read-only editor: a content provider serves `workload-stacks:` documents,
// which VS Code cannot save back.
import * as vscode from 'vscode';
import type { WorkloadRef } from '../shared/model';
import type { WorkloadProvider } from '../providers/provider';

export const INSPECT_SCHEME = 'workload-stacks';

export class InspectDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly providerOf: (id: string) => WorkloadProvider | undefined) {}

  static uriFor(ref: WorkloadRef, name: string): vscode.Uri {
    const safeName = name.replace(/[^\w.-]+/g, '_') || 'workload';
    return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${ref.providerId}/${safeName}.json`, query: new URLSearchParams({ kind: ref.kind, id: ref.id }).toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const providerId = uri.path.split('/')[1] ?? '';
    const id = query.get('id') ?? '';
    const provider = this.providerOf(providerId);
    if (!provider || !id) return '// Unknown workload.';
    const raw = await provider.inspectRaw({ kind: provider.workloadKind, providerId, id });
    return JSON.stringify(raw, null, 2);
  }
}
