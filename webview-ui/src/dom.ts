// Tiny DOM builders. Text only ever goes in through textContent, so engine data is never markup.

export interface ElementOptions {
  className?: string;
  text?: string;
  /** Attribute names are always literals in our code; values may be untrusted data. */
  attrs?: Record<string, string>;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Text read by screen readers (and shown with "Show sources") but not drawn by default. */
export function visuallyHidden(text: string, className = ''): HTMLSpanElement {
  return element('span', { className: `visually-hidden ${className}`.trim(), text });
}

let nextId = 0;

/** Ids for aria wiring; generated here, never derived from data. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}
