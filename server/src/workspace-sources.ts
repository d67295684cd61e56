import { ConfigSourceIndex, configSourcesIn, type ConfigSource, type ConfigSourceLookup } from '@jobsentinel/core';

/**
 * The ConfigMaps and Secrets of every manifest the server has read (open documents and files the
 * workspace scan read from disk), so a CronJob's script in another document is judged where it runs.
 * Each document's entries are replaced whenever its text is read again.
 */
export class WorkspaceSources {
  private readonly index = new ConfigSourceIndex();
  /** What each document's entries say, to tell whether a new text changed them (then others need a re-check). */
  private readonly signatures = new Map<string, string>();

  /** Reads a document's ConfigMaps and Secrets; true when they differ from what it held before. */
  update(uri: string, text: string): boolean {
    const sources = configSourcesIn(text, uri);
    const signature = signatureOf(sources);
    const before = this.signatures.get(uri) ?? '';
    this.index.setFile(uri, sources);
    if (signature === '') this.signatures.delete(uri);
    else this.signatures.set(uri, signature);
    return signature !== before;
  }

  /** Forgets a document (closed and not read again from disk); true when it held any. */
  forget(uri: string): boolean {
    return this.update(uri, '');
  }

  /** The sources a document can reach in the others (its own it finds itself). */
  lookup(uri: string): ConfigSourceLookup {
    return this.index.lookup(uri);
  }
}

/** Names, keys and values: a change of a position alone asks no other document to be re-checked. */
function signatureOf(sources: readonly ConfigSource[]): string {
  if (sources.length === 0) return '';
  return JSON.stringify(sources.map((source) => [source.kind, source.namespace, source.name, [...source.values].map(([key, value]) => [key, value.text])]));
}
