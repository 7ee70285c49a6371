// How a failed command tells the user: one sentence in the terms of the provider the error came
// from (a VM's error in its tool's words, never the Docker engine's), written to the log as well,
// with a button to open the log where the details are.
import * as vscode from 'vscode';
import { type WorkloadProvider, WorkloadGoneError } from '../providers/provider';

const SHOW_LOG = 'Show Log';

/** One sentence for an error, explained by the provider whose call threw it. */
export function explainError(provider: WorkloadProvider | undefined, error: unknown): string {
  if (error instanceof WorkloadGoneError) return error.message;
  if (provider?.explainError) return provider.explainError(error);
  return error instanceof Error ? error.message : String(error);
}

export class ErrorReporter {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Shows `message` as an error with Show Log, and logs it with the error's own details. */
  report(message: string, error?: unknown): void {
    this.log.error(message);
    if (error instanceof Error && error.stack) this.log.debug(error.stack);
    void vscode.window.showErrorMessage(message, SHOW_LOG).then((choice) => {
      if (choice === SHOW_LOG) this.log.show(true);
    });
  }

  /** `Could not <doing>: <the provider's explanation>`. */
  failed(doing: string, provider: WorkloadProvider | undefined, error: unknown): void {
    this.report(`Could not ${doing}: ${explainError(provider, error)}`, error);
  }
}
