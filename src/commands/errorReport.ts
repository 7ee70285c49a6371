// How a failed command tells the user: one sentence in the terms of the provider the error came
// from (a VM's error in its tool's words, never the Docker engine's), written to the log as well,
// with a button to open the log where the details are.
import * as vscode from 'vscode';
import { type WorkloadProvider, WorkloadGoneError } from '../providers/provider';


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
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(message, showLog).then((choice) => {
      if (choice === showLog) this.log.show(true);
    });
  }

  /** `sentence` gets the provider's explanation and returns the whole (translated) message. */
  failed(sentence: (explanation: string) => string, provider: WorkloadProvider | undefined, error: unknown): void {
    this.report(sentence(explainError(provider, error)), error);
  }
}
