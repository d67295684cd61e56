// Findings leave the page only as files the user saves, in the formats of the core's FORMATTERS
// table, rendered by the core's own formatters so they match what `jobsentinel` prints.
import type { OutputFormat } from '@jobsentinel/core/formats';
import { h } from './dom.js';

declare const __CORE_VERSION__: string;
export const TOOL_VERSION = __CORE_VERSION__;

/** One "Save as" button per format the caller offers (all of FORMATTERS, or those with an audit report). */
export function exportButtons(baseName: string, formats: readonly OutputFormat[], render: (format: OutputFormat) => string): HTMLElement {
  const button = (format: OutputFormat) => {
    const element = h('button', { type: 'button', class: `export export-${format.name}`, title: `Save the results as ${format.label}: ${format.description}` }, format.label);
    element.addEventListener('click', () => save(`${baseName}.${format.extension}`, format.mediaType, render(format)));
    return element;
  };
  return h('span', { class: 'exports' }, h('span', { class: 'muted' }, 'Save as'), ...formats.map(button));
}

function save(fileName: string, mediaType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mediaType }));
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
