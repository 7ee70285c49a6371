// Keyboard model of the diagram: the bands form one tab stop (roving tabindex). Arrow keys move
// between bands as drawn (the DOM holds them top to bottom), Home/End jump to the top/bottom band,
// Enter/Space collapse or expand the focused band.

const BAND_SELECTOR = 'section[data-layer]';

function bandsOf(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(BAND_SELECTOR)];
}

/** Makes `band` the single tab stop of the diagram. */
export function makeTabStop(container: HTMLElement, band: HTMLElement | undefined): void {
  for (const candidate of bandsOf(container)) candidate.tabIndex = candidate === band ? 0 : -1;
}

function navigationTarget(key: string, bands: HTMLElement[], index: number): HTMLElement | undefined {
  switch (key) {
    case 'ArrowUp':
      return bands[Math.max(0, index - 1)];
    case 'ArrowDown':
      return bands[Math.min(bands.length - 1, index + 1)];
    case 'Home':
      return bands[0];
    case 'End':
      return bands[bands.length - 1];
    default:
      return undefined;
  }
}

export function installBandKeyboard(container: HTMLElement, onToggle: (band: HTMLElement) => void): void {
  container.addEventListener('focusin', (event) => {
    const band = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>(BAND_SELECTOR) : null;
    if (band) makeTabStop(container, band);
  });
  container.addEventListener('keydown', (event) => {
    const band = event.target;
    // Only keys pressed on a band itself: controls inside a band keep their own keys.
    if (!(band instanceof HTMLElement) || !band.matches(BAND_SELECTOR)) return;
    const bands = bandsOf(container);
    const target = navigationTarget(event.key, bands, bands.indexOf(band));
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onToggle(band);
    } else if (target !== undefined) {
      event.preventDefault();
      makeTabStop(container, target);
      target.focus();
    }
  });
}
