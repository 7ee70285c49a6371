// The only module that knows about @vscode/webview-ui-toolkit (deprecated upstream): everything
// else asks these factories for controls, so the toolkit can be swapped without touching the app.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

export type ButtonAppearance = 'primary' | 'secondary';

/** Registers just the components used, so the bundle carries nothing else. */
export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeProgressRing());
}

export function createButton(label: string, appearance: ButtonAppearance = 'secondary'): HTMLElement {
  const button = document.createElement('vscode-button');
  button.setAttribute('appearance', appearance);
  button.textContent = label;
  return button;
}

export function setButtonLabel(button: HTMLElement, label: string): void {
  button.textContent = label;
}

export function setButtonDisabled(button: HTMLElement, disabled: boolean): void {
  button.toggleAttribute('disabled', disabled);
}

export function isButtonDisabled(button: HTMLElement): boolean {
  return button.hasAttribute('disabled');
}

/** Toggle buttons announce their state through aria-pressed, which the toolkit forwards. */
export function setButtonPressed(button: HTMLElement, pressed: boolean): void {
  button.setAttribute('aria-pressed', String(pressed));
}

export function createProgressRing(label: string): HTMLElement {
  const ring = document.createElement('vscode-progress-ring');
  ring.setAttribute('aria-label', label);
  return ring;
}
