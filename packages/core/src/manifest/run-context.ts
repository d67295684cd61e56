/**
 * What a pod template's containers get from other objects and from the pod itself: files mounted from
 * ConfigMaps, Secrets and the downward API (`configMap`, `secret`, `downwardAPI` and `projected`
 * volumes, with their `items` and each mount's `subPath`), and env values loaded with `envFrom` or
 * `valueFrom` (`configMapKeyRef`, `secretKeyRef`, `fieldRef`). The command analysis reads a script
 * from these files when the container runs it, and expands these values like literal ones.
 *
 * A value written in the template's own document keeps its JSON pointer. A value written in a ConfigMap
 * or Secret gets a foreign pointer (`@3`, never a JSON pointer, which starts with `/`): the analysis
 * maps it back to the key that holds it and to the reference that brings it in.
 */
import { joinPointer } from '../util/json-pointer.js';
import { isRecord } from '../util/record.js';
import type { ConfigSource, ConfigSourceKind, ConfigSourceLookup, ConfigValue } from './config-sources.js';
import type { PodTemplate } from './pod-templates.js';

/** A file the container finds at an absolute path: its text and the pointer of the value that holds it. */
export interface MountedFile {
  text: string;
  path: string;
  /** Offsets in `text` are offsets in that value as decoded (false: base64 the API server decodes). */
  exact: boolean;
  /** Its mode (`mode`, else the volume's `defaultMode`, else 0644) has an execute bit: it can be run by its path. */
  executable: boolean;
}

/** An env var whose value comes from another object or the downward API. */
export interface ResolvedEnvVar {
  value: string;
  path: string;
  /** As for a mounted file. */
  exact: boolean;
}

/** What one container gets beyond its own fields (the command analysis' run context). */
export interface ContainerRun {
  files: Map<string, MountedFile>;
  env: Map<string, ResolvedEnvVar>;
}

/** A value of a ConfigMap or Secret as one container gets it. */
export interface ForeignValue {
  source: ConfigSource;
  key: string;
  value: ConfigValue;
  /** JSON pointer, in the template's document, of what brings the value in: the volume or the env entry. */
  referencePath: string;
  /** How the container gets it, for messages: `mounted at /scripts/run.sh in container "backup"`. */
  how: string;
  /** JSON pointer of the container that gets it. */
  containerPath: string;
}

export interface TemplateRun {
  /** By container pointer; containers that get nothing from elsewhere are absent. */
  containers: Map<string, ContainerRun>;
  /** By foreign pointer. */
  foreign: Map<string, ForeignValue>;
}

/** Foreign pointers start with this; JSON pointers never do. */
const FOREIGN = '@';

export function isForeignPointer(pointer: string): boolean {
  return pointer.startsWith(FOREIGN);
}

/** The foreign value a pointer leads to (a pointer into a foreign value, `@3/x`, leads to it too). */
export function foreignValueAt(run: TemplateRun, pointer: string): ForeignValue | undefined {
  if (!isForeignPointer(pointer)) return undefined;
  const slash = pointer.indexOf('/');
  return run.foreign.get(slash === -1 ? pointer : pointer.slice(0, slash));
}

/** A file a volume projects: its path inside the volume and where its text comes from. */
interface VolumeFile {
  relative: string;
  text: string;
  exact: boolean;
  executable: boolean;
  /** A value of the template's own document (the downward API). */
  pointer?: string;
  /** A value of a ConfigMap or Secret. */
  foreign?: { source: ConfigSource; key: string; value: ConfigValue; referencePath: string };
}

/** The ConfigMaps and Secrets a template refers to, by kind and name (volumes and env alike). */
export function referencedSources(template: PodTemplate): Array<{ kind: ConfigSourceKind; name: string }> {
  const found: Array<{ kind: ConfigSourceKind; name: string }> = [];
  const add = (kind: ConfigSourceKind, name: unknown) => {
    if (typeof name === 'string' && name !== '') found.push({ kind, name });
  };
  const volumes: unknown = template.spec.volumes;
  for (const volume of Array.isArray(volumes) ? volumes : []) {
    if (!isRecord(volume)) continue;
    if (isRecord(volume.configMap)) add('ConfigMap', volume.configMap.name);
    if (isRecord(volume.secret)) add('Secret', volume.secret.secretName);
    const sources = isRecord(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources : [];
    for (const source of sources) {
      if (!isRecord(source)) continue;
      if (isRecord(source.configMap)) add('ConfigMap', source.configMap.name);
      if (isRecord(source.secret)) add('Secret', source.secret.name);
    }
  }
  for (const { container } of template.containers) {
    const record = container as unknown as Record<string, unknown>;
    for (const entry of Array.isArray(record.envFrom) ? record.envFrom : []) {
      if (!isRecord(entry)) continue;
      if (isRecord(entry.configMapRef)) add('ConfigMap', entry.configMapRef.name);
      if (isRecord(entry.secretRef)) add('Secret', entry.secretRef.name);
    }
    for (const entry of Array.isArray(record.env) ? record.env : []) {
      const from = isRecord(entry) && isRecord(entry.valueFrom) ? entry.valueFrom : undefined;
      if (isRecord(from?.configMapKeyRef)) add('ConfigMap', from.configMapKeyRef.name);
      if (isRecord(from?.secretKeyRef)) add('Secret', from.secretKeyRef.name);
    }
  }
  return found;
}

/**
 * What each container of a template gets from ConfigMaps, Secrets and the downward API. A reference to
 * an object the scan does not hold resolves to nothing: what it would bring is unknown, and no guess is made.
 */
export function templateRun(template: PodTemplate, lookup: ConfigSourceLookup): TemplateRun {
  const run: TemplateRun = { containers: new Map(), foreign: new Map() };
  const find = (kind: ConfigSourceKind, name: unknown) => (typeof name === 'string' && name !== '' ? lookup(kind, template.namespace, name) : undefined);
  const volumes = volumeFiles(template, find);
  for (const { container, path } of template.containers) {
    const foreignPointer = (value: Omit<ForeignValue, 'how' | 'containerPath'>, how: string): string => {
      const pointer = `${FOREIGN}${run.foreign.size}`;
      run.foreign.set(pointer, { ...value, how, containerPath: path });
      return pointer;
    };
    const record = container as unknown as Record<string, unknown>;
    const name = typeof record.name === 'string' ? record.name : '?';
    const files = new Map<string, MountedFile>();
    for (const mount of Array.isArray(record.volumeMounts) ? record.volumeMounts : []) {
      if (!isRecord(mount) || typeof mount.name !== 'string' || typeof mount.mountPath !== 'string') continue;
      const projected = volumes.get(mount.name);
      if (!projected) continue;
      const subPath = literalSubPath(mount);
      if (subPath === null) continue;
      for (const file of projected) {
        const at = mountedPath(mount.mountPath, file.relative, subPath);
        if (at === undefined) continue;
        const pointer = file.foreign ? foreignPointer(file.foreign, `mounted at ${at} in container "${name}"`) : file.pointer!;
        files.set(at, { text: file.text, path: pointer, exact: file.exact, executable: file.executable });
      }
    }
    const env = new Map<string, ResolvedEnvVar>();
    // envFrom first, then env: a var of `env` wins over one loaded from a whole ConfigMap.
    (Array.isArray(record.envFrom) ? record.envFrom : []).forEach((entry: unknown, index) => {
      if (!isRecord(entry)) return;
      const source = isRecord(entry.configMapRef) ? find('ConfigMap', entry.configMapRef.name) : isRecord(entry.secretRef) ? find('Secret', entry.secretRef.name) : undefined;
      if (!source) return;
      const prefix = typeof entry.prefix === 'string' ? entry.prefix : '';
      const referencePath = joinPointer(path, 'envFrom', index);
      for (const [key, value] of source.values) {
        const variable = prefix + key;
        env.set(variable, { value: value.text, exact: value.decoded === undefined, path: foreignPointer({ source, key, value, referencePath }, `loaded as $${variable} by container "${name}"`) });
      }
    });
    (Array.isArray(record.env) ? record.env : []).forEach((entry: unknown, index) => {
      if (!isRecord(entry) || typeof entry.name !== 'string' || entry.value !== undefined || !isRecord(entry.valueFrom)) return;
      const from = entry.valueFrom;
      const referencePath = joinPointer(path, 'env', index, 'valueFrom');
      const keyRef = isRecord(from.configMapKeyRef) ? { kind: 'ConfigMap' as const, ref: from.configMapKeyRef } : isRecord(from.secretKeyRef) ? { kind: 'Secret' as const, ref: from.secretKeyRef } : undefined;
      if (keyRef) {
        const source = find(keyRef.kind, keyRef.ref.name);
        const key = typeof keyRef.ref.key === 'string' ? keyRef.ref.key : undefined;
        const value = key === undefined ? undefined : source?.values.get(key);
        if (source && key !== undefined && value) {
          env.set(entry.name, { value: value.text, exact: value.decoded === undefined, path: foreignPointer({ source, key, value, referencePath }, `read as $${entry.name} by container "${name}"`) });
        }
        return;
      }
      const field = isRecord(from.fieldRef) ? downwardValue(template, from.fieldRef.fieldPath) : undefined;
      if (field) env.set(entry.name, { value: field.text, path: field.pointer, exact: true });
    });
    if (files.size > 0 || env.size > 0) run.containers.set(path, { files, env });
  }
  return run;
}

/** Each volume's projected files, by volume name. */
function volumeFiles(template: PodTemplate, find: (kind: ConfigSourceKind, name: unknown) => ConfigSource | undefined): Map<string, VolumeFile[]> {
  const byName = new Map<string, VolumeFile[]>();
  const volumes: unknown = template.spec.volumes;
  (Array.isArray(volumes) ? volumes : []).forEach((volume: unknown, index) => {
    if (!isRecord(volume) || typeof volume.name !== 'string') return;
    const volumePath = joinPointer(template.specPath, 'volumes', index);
    const files: VolumeFile[] = [];
    if (isRecord(volume.configMap)) {
      const { configMap } = volume;
      files.push(...keyFiles(find('ConfigMap', configMap.name), configMap.items, configMap.defaultMode, joinPointer(volumePath, 'configMap')));
    } else if (isRecord(volume.secret)) {
      const { secret } = volume;
      files.push(...keyFiles(find('Secret', secret.secretName), secret.items, secret.defaultMode, joinPointer(volumePath, 'secret')));
    } else if (isRecord(volume.downwardAPI)) {
      files.push(...downwardFiles(template, volume.downwardAPI.items, volume.downwardAPI.defaultMode));
    } else if (isRecord(volume.projected) && Array.isArray(volume.projected.sources)) {
      const defaultMode = volume.projected.defaultMode;
      volume.projected.sources.forEach((source: unknown, at) => {
        if (!isRecord(source)) return;
        const sourcePath = joinPointer(volumePath, 'projected', 'sources', at);
        if (isRecord(source.configMap)) files.push(...keyFiles(find('ConfigMap', source.configMap.name), source.configMap.items, defaultMode, joinPointer(sourcePath, 'configMap')));
        else if (isRecord(source.secret)) files.push(...keyFiles(find('Secret', source.secret.name), source.secret.items, defaultMode, joinPointer(sourcePath, 'secret')));
        else if (isRecord(source.downwardAPI)) files.push(...downwardFiles(template, source.downwardAPI.items, defaultMode));
      });
    }
    if (files.length > 0) byName.set(volume.name, files);
  });
  return byName;
}

/** The files of a ConfigMap or Secret volume: every key by its name, or only the listed `items` at their paths. */
function keyFiles(source: ConfigSource | undefined, items: unknown, defaultMode: unknown, referencePath: string): VolumeFile[] {
  if (!source) return [];
  const file = (key: string, relative: string, mode: unknown): VolumeFile[] => {
    const value = source.values.get(key);
    if (!value || !validRelative(relative)) return [];
    return [{ relative, text: value.text, exact: value.decoded === undefined, executable: executable(mode, defaultMode), foreign: { source, key, value, referencePath } }];
  };
  if (!Array.isArray(items)) return [...source.values.keys()].flatMap((key) => file(key, key, undefined));
  return items.flatMap((item: unknown) => (isRecord(item) && typeof item.key === 'string' && typeof item.path === 'string' ? file(item.key, item.path, item.mode) : []));
}

/** The files of a downwardAPI volume whose content the manifest decides: single annotations and labels. */
function downwardFiles(template: PodTemplate, items: unknown, defaultMode: unknown): VolumeFile[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: unknown) => {
    if (!isRecord(item) || typeof item.path !== 'string' || !isRecord(item.fieldRef) || !validRelative(item.path)) return [];
    const value = downwardValue(template, item.fieldRef.fieldPath);
    return value ? [{ relative: item.path, text: value.text, exact: true, executable: executable(item.mode, defaultMode), pointer: value.pointer }] : [];
  });
}

/** The kubelet's default file mode for these volumes. */
const DEFAULT_MODE = 0o644;

/** Whether a file's mode (its own, else the volume's default, else 0644) lets anyone execute it. */
function executable(mode: unknown, defaultMode: unknown): boolean {
  const effective = typeof mode === 'number' ? mode : typeof defaultMode === 'number' ? defaultMode : DEFAULT_MODE;
  return (effective & 0o111) !== 0;
}

/** `metadata.annotations['k']` / `metadata.labels['k']` of the pod template: the value and its pointer. */
function downwardValue(template: PodTemplate, fieldPath: unknown): { text: string; pointer: string } | undefined {
  if (typeof fieldPath !== 'string') return undefined;
  const field = /^metadata\.(annotations|labels)\['(.*)'\]$/s.exec(fieldPath);
  if (!field) return undefined;
  const metadataPath = joinPointer(template.specPath.slice(0, -'/spec'.length), 'metadata');
  const map = template.podMetadata?.[field[1]];
  if (!isRecord(map) || !Object.hasOwn(map, field[2]) || typeof map[field[2]] !== 'string') return undefined;
  return { text: map[field[2]] as string, pointer: joinPointer(metadataPath, field[1], field[2]) };
}

/** A mount's subPath ('' for none), or null when it depends on values known only at run time (`subPathExpr: $(POD)`). */
function literalSubPath(mount: Record<string, unknown>): string | null {
  if (typeof mount.subPathExpr === 'string' && mount.subPathExpr !== '') return mount.subPathExpr.includes('$(') ? null : mount.subPathExpr;
  return typeof mount.subPath === 'string' ? mount.subPath : '';
}

/** Where a volume's file appears in the container, or undefined when the mount's subPath leaves it out. */
function mountedPath(mountPath: string, relative: string, subPath: string): string | undefined {
  const inner = normalise(relative);
  const sub = normalise(subPath);
  if (sub === '') return normalise(`${mountPath}/${inner}`, true);
  if (inner === sub) return normalise(mountPath, true);
  if (inner.startsWith(sub + '/')) return normalise(`${mountPath}/${inner.slice(sub.length + 1)}`, true);
  return undefined;
}

/** `a//b/./c/` → `a/b/c`; with `absolute`, a leading `/`. `..` does not occur: the API server refuses it in these paths. */
function normalise(path: string, absolute = false): string {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  return (absolute ? '/' : '') + parts.join('/');
}

/** The API server refuses absolute item paths and any `..` element. */
function validRelative(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.split('/').includes('..');
}
