// Findings leave the page only as files the user saves: JSON (the CLI's --format json) or SARIF 2.1.0,
// rendered by the core's own formatters so they match what `jobsentinel` prints.
import { h } from './dom.js';

declare const __CORE_VERSION__: string;
export const TOOL_VERSION = __CORE_VERSION__;

export type ExportFormat = 'json' | 'sarif';

export function exportButtons(baseName: string, render: (format: ExportFormat) => string): HTMLElement {
  const button = (format: ExportFormat, label: string) => {
    const element = h('button', { type: 'button', class: `export export-${format}`, title: `Save the results as ${label}` }, label);
    element.addEventListener('click', () => save(`${baseName}.${format === 'sarif' ? 'sarif' : 'json'}`, render(format)));
    return element;
  };
  return h('span', { class: 'exports' }, h('span', { class: 'muted' }, 'Save as'), button('json', 'JSON'), button('sarif', 'SARIF'));
}

function save(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
