/**
 * ConfigMaps and Secrets as sources of what a container runs: a script mounted from one, a value loaded
 * into the environment from one. Each is read as the API server stores it: a ConfigMap's `data` as
 * written and its `binaryData` base64-decoded; a Secret's `data` base64-decoded, with `stringData`
 * written over it. Lookups go by kind, namespace and name through a Map, so no name taken from the
 * input ever reaches an object's prototype.
 */
import type { Range, Span } from '../model.js';
import { joinPointer } from '../util/json-pointer.js';
import { isRecord } from '../util/record.js';
import { findingSpan, locate, type SourceNode } from '../yaml/source-node.js';
import { lineIndex, type LineIndex } from '../yaml/line-index.js';
import { parseSections } from '../yaml/parse.js';
import { decodeBinary } from '../yaml/yaml11-scalars.js';
import { kubernetesObjects } from './objects.js';

export type ConfigSourceKind = 'ConfigMap' | 'Secret';

/** One key of a ConfigMap or Secret: its value as the container sees it, and where it is written. */
export interface ConfigValue {
  text: string;
  /** JSON pointer of the value's scalar in its document. */
  pointer: string;
  span: Span;
  range: Range;
  /** The text is not the scalar as written but its base64 decoding (offsets inside it mean nothing in the source). */
  decoded?: 'base64';
}

export interface ConfigSource {
  kind: ConfigSourceKind;
  name: string;
  /** `metadata.namespace`, or null when the manifest leaves it to the one kubectl applies it in. */
  namespace: string | null;
  /** The file it is written in, as the host names it. */
  file: string;
  /** 0-based index of its document in that file. */
  document: number;
  values: ReadonlyMap<string, ConfigValue>;
}

/** Finds a ConfigMap or Secret by name in a namespace; undefined when the scanned files hold none. */
export type ConfigSourceLookup = (kind: ConfigSourceKind, namespace: string | null, name: string) => ConfigSource | undefined;

const SOURCE_KINDS: ReadonlySet<unknown> = new Set(['ConfigMap', 'Secret']);

/** Whether a text may hold a ConfigMap or Secret at all: files without the word need no second look. */
export function mayHoldConfigSources(text: string): boolean {
  return text.includes('ConfigMap') || text.includes('Secret');
}

/** The ConfigMap or Secret an object is, with its values placed in the source; undefined for any other object. */
export function configSourceOf(
  object: Record<string, unknown>,
  objectPath: string,
  where: { file: string; document: number; root: SourceNode; lines: LineIndex },
): ConfigSource | undefined {
  const kind = object.kind;
  if (!SOURCE_KINDS.has(kind) || object.apiVersion !== 'v1') return undefined;
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  if (typeof metadata?.name !== 'string' || metadata.name === '') return undefined;
  const values = new Map<string, ConfigValue>();
  const place = (field: string, key: string, text: string, decoded?: 'base64') => {
    const pointer = joinPointer(objectPath, field, key);
    const span = findingSpan(locate(where.root, pointer));
    values.set(key, { text, pointer, span, range: where.lines.range(span), ...(decoded ? { decoded } : {}) });
  };
  const each = (field: string, read: (value: unknown) => string | undefined, decoded?: 'base64') => {
    const map = object[field];
    if (!isRecord(map)) return;
    for (const key of Object.keys(map)) {
      const text = read(map[key]);
      if (text !== undefined) place(field, key, text, decoded);
    }
  };
  if (kind === 'ConfigMap') {
    each('data', plain);
    each('binaryData', base64, 'base64');
  } else {
    // The API server merges stringData into data, stringData winning on a shared key.
    each('data', base64, 'base64');
    each('stringData', plain);
  }
  return {
    kind: kind as ConfigSourceKind,
    name: metadata.name,
    namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : null,
    file: where.file,
    document: where.document,
    values,
  };
}

/**
 * Every ConfigMap and Secret a file holds, read as the analysis reads it (a file that cannot be decoded
 * yields what could be read; its problems are the analysis' to report).
 */
export function configSourcesIn(text: string, file: string): ConfigSource[] {
  if (!mayHoldConfigSources(text)) return [];
  const lines = lineIndex(text);
  const sources: ConfigSource[] = [];
  for (const section of parseSections(text, { kubernetesScalars: true })) {
    for (const document of section.documents) {
      for (const object of kubernetesObjects(document.value).objects) {
        const source = configSourceOf(object.value, object.path, { file, document: document.index, root: document.root, lines });
        if (source) sources.push(source);
      }
    }
  }
  return sources;
}

function plain(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** base64 as the API server reads a `[]byte` field; a value it would refuse is no value. */
function base64(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return decodeBinary(value);
  } catch {
    return undefined;
  }
}

function sourceKey(kind: ConfigSourceKind, namespace: string | null, name: string): string {
  // NUL cannot occur in a Kubernetes name or namespace, so the parts never run into each other.
  return `${kind}\0${namespace ?? ''}\0${name}`;
}

/**
 * The ConfigMaps and Secrets of a whole scan (the files of a CLI run, the documents an editor knows), by
 * file, so that an editor can replace one file's entries as it changes. When two files define the same
 * object, the one added first is found (kubectl would apply both; the scan cannot know which lands last).
 */
export class ConfigSourceIndex {
  private readonly byFile = new Map<string, ConfigSource[]>();
  private byKey: Map<string, ConfigSource[]> | undefined;

  /** Sets the sources of one file, replacing what it held before (none: the file is forgotten). */
  setFile(file: string, sources: readonly ConfigSource[]): void {
    if (sources.length === 0) this.byFile.delete(file);
    else this.byFile.set(file, [...sources]);
    this.byKey = undefined;
  }

  get size(): number {
    let count = 0;
    for (const sources of this.byFile.values()) count += sources.length;
    return count;
  }

  /** A lookup that leaves out one file's entries (the file being analysed finds its own sources itself). */
  lookup(exceptFile?: string): ConfigSourceLookup {
    return (kind, namespace, name) => {
      const found = this.keyed().get(sourceKey(kind, namespace, name));
      if (!found) return undefined;
      return found.find((source) => source.file !== exceptFile);
    };
  }

  private keyed(): Map<string, ConfigSource[]> {
    if (!this.byKey) {
      const keyed = new Map<string, ConfigSource[]>();
      for (const sources of this.byFile.values()) {
        for (const source of sources) {
          const key = sourceKey(source.kind, source.namespace, source.name);
          const list = keyed.get(key);
          if (list) list.push(source);
          else keyed.set(key, [source]);
        }
      }
      this.byKey = keyed;
    }
    return this.byKey;
  }
}

/** The sources of one file's own documents, gathered as the analysis reads them. */
export class LocalConfigSources {
  private readonly byKey = new Map<string, ConfigSource>();

  add(source: ConfigSource): void {
    // kubectl applies the documents in order: a later object of the same name replaces the earlier one.
    this.byKey.set(sourceKey(source.kind, source.namespace, source.name), source);
  }

  get(kind: ConfigSourceKind, namespace: string | null, name: string): ConfigSource | undefined {
    return this.byKey.get(sourceKey(kind, namespace, name));
  }
}
