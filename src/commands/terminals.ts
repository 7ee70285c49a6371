// Log and shell terminals as pseudoterminals fed by the Engine API: no docker CLI, no shell line
// built from a container name or id.
import * as vscode from 'vscode';
import type { Closeable, ShellSession, WorkloadProvider } from '../providers/provider';
import { explainError } from './errorReport';
import type { WorkloadTarget } from './workloadTarget';

type LogSource = WorkloadProvider & Required<Pick<WorkloadProvider, 'followLogs'>>;
type ShellSource = WorkloadProvider & Required<Pick<WorkloadProvider, 'openShell'>>;

export function offersLogs(provider: WorkloadProvider | undefined): provider is LogSource {
  return typeof provider?.followLogs === 'function';
}

export function offersShell(provider: WorkloadProvider | undefined): provider is ShellSource {
  return typeof provider?.openShell === 'function';
}

/** Terminals want CRLF; container output has bare LF. */
function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function dim(text: string): string {
  return `\x1b[2m${text}\x1b[0m\r\n`;
}

export function openLogsTerminal(provider: LogSource, target: WorkloadTarget, tty: boolean, container?: string): vscode.Terminal {
  const name = container ? `${target.name}/${container}` : target.name;
  const output = new vscode.EventEmitter<string>();
  let follower: Closeable | undefined;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: output.event,
    open: () => {
      output.fire(dim(vscode.l10n.t('Following the logs of {0}; they continue across restarts. Close the terminal to stop.', name)));
      follower = provider.followLogs(
        target.ref,
        tty,
        {
          onOutput: (text) => output.fire(toTerminalText(text)),
          onNotice: (text) => output.fire(dim(text)),
        },
        container ? { container } : undefined,
      );
    },
    close: () => {
      follower?.close();
      output.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Logs: {0}', name), pty, iconPath: new vscode.ThemeIcon('output') });
  terminal.show();
  return terminal;
}

export function openShellTerminal(provider: ShellSource, target: WorkloadTarget, container?: string): vscode.Terminal {
  const name = container ? `${target.name}/${container}` : target.name;
  const output = new vscode.EventEmitter<string>();
  const exit = new vscode.EventEmitter<number | void>();
  let session: ShellSession | undefined;
  let size: { columns: number; rows: number } | undefined;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: output.event,
    onDidClose: exit.event,
    open: (dimensions) => {
      size = dimensions;
      provider
        .openShell(
          target.ref,
          {
            onOutput: (text) => output.fire(text),
            onExit: (code) => {
              output.fire(dim(`\r\nThe shell exited${code === undefined ? '' : ` with code ${code}`}.`));
              exit.fire(code ?? undefined);
            },
          },
          container ? { container } : undefined,
        )
        .then(
          (opened) => {
            session = opened;
            if (size) opened.resize(size.columns, size.rows);
          },
          (error: unknown) => {
            output.fire(dim(vscode.l10n.t('Could not open a shell in {0}: {1}', name, explainError(provider, error))));
            output.fire(dim(vscode.l10n.t('The image may have no /bin/sh (distroless images have none).')));
          },
        );
    },
    handleInput: (data) => session?.write(data),
    setDimensions: (dimensions) => {
      size = dimensions;
      session?.resize(dimensions.columns, dimensions.rows);
    },
    close: () => {
      session?.close();
      output.dispose();
      exit.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Shell: {0}', name), pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  return terminal;
}
