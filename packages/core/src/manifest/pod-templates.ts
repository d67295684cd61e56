import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import { joinPointer } from '../util/json-pointer.js';
import { isRecord } from '../util/record.js';
import { kubernetesObjects } from './objects.js';
import type { ContainerRun } from './run-context.js';

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  container: Container;
  group: ContainerGroup;
  /** JSON pointer of the container object. */
  path: string;
  /**
   * Files and env values it gets from ConfigMaps, Secrets and the downward API, when the analysis
   * resolved them (run-context.ts); the command analysis reads scripts from there.
   */
  run?: ContainerRun;
}

/** A pod template found inside a CronJob or Job object, wherever that object sits in its document. */
export interface PodTemplate {
  kind: 'CronJob' | 'Job';
  apiVersion: string;
  name: string | null;
  namespace: string | null;
  /** JSON pointer of the CronJob/Job object (`''` for a document that is the object, `/items/3` in a List). */
  objectPath: string;
  /** JSON pointer of the pod spec. */
  specPath: string;
  spec: PodSpec;
  /** The pod template's own `metadata` (its annotations and labels reach the containers through the downward API). */
  podMetadata?: Record<string, unknown>;
  containers: ContainerRef[];
  /** The `jobsentinel.io/ignore` annotations of the object and of its pod template, each with its JSON pointer. */
  ignoreAnnotations: Array<{ pointer: string; value: string }>;
}

const CONTAINER_GROUPS: ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** Where the pod spec lives, per kind (`batch/v1` and `batch/v1beta1` agree). */
const TEMPLATE_PATHS: Record<PodTemplate['kind'], string[]> = {
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Job: ['spec', 'template'],
};

/** Finds the pod templates of every CronJob and Job kubectl would send for a document, items of any list included. */
export function findPodTemplates(document: unknown): PodTemplate[] {
  return kubernetesObjects(document).objects.flatMap((object) => podTemplateOf(object.value, object.path) ?? []);
}

export function podTemplateOf(object: unknown, objectPath: string): PodTemplate | undefined {
  if (!isRecord(object)) return undefined;
  const kind = object.kind;
  if (kind !== 'CronJob' && kind !== 'Job') return undefined;
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  if (apiVersion !== '' && !apiVersion.startsWith('batch/')) return undefined;

  let template: unknown = object;
  for (const key of TEMPLATE_PATHS[kind]) template = isRecord(template) ? template[key] : undefined;
  const spec = isRecord(template) ? template.spec : undefined;
  if (!isRecord(spec)) return undefined;

  const specPath = joinPointer(objectPath, ...TEMPLATE_PATHS[kind], 'spec');
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return {
    kind,
    apiVersion,
    name: typeof metadata.name === 'string' ? metadata.name : null,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : null,
    objectPath,
    specPath,
    spec: spec as unknown as PodSpec,
    ...(isRecord(template) && isRecord(template.metadata) ? { podMetadata: template.metadata } : {}),
    containers: containersOf(spec, specPath),
    ignoreAnnotations: [
      ignoreAnnotation(metadata, joinPointer(objectPath, 'metadata')),
      ignoreAnnotation(isRecord(template) ? template.metadata : undefined, joinPointer(specPath.slice(0, -'/spec'.length), 'metadata')),
    ].filter((annotation) => annotation !== undefined),
  };
}

function containersOf(spec: Record<string, unknown>, specPath: string): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const group of CONTAINER_GROUPS) {
    const list = spec[group];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      if (isRecord(container)) refs.push({ container: container as unknown as Container, group, path: joinPointer(specPath, group, index) });
    });
  }
  return refs;
}

/** The images a finding at `path` concerns: its own container's, or all of them for a pod-level finding. */
export function imagesAt(template: PodTemplate, path: string): string[] {
  const own = template.containers.find((ref) => path === ref.path || path.startsWith(ref.path + '/'));
  const containers = own ? [own] : template.containers;
  return containers.map((ref) => (typeof ref.container.image === 'string' ? ref.container.image : ''));
}

/** The annotation that switches indicators off for one object or template (docs/suppression.md). */
export const IGNORE_ANNOTATION = 'jobsentinel.io/ignore';

/** The ignore annotation in a `metadata` mapping, when it is a string. */
function ignoreAnnotation(metadata: unknown, metadataPath: string): { pointer: string; value: string } | undefined {
  if (!isRecord(metadata) || !isRecord(metadata.annotations) || !Object.hasOwn(metadata.annotations, IGNORE_ANNOTATION)) return undefined;
  const value = metadata.annotations[IGNORE_ANNOTATION];
  return typeof value === 'string' ? { pointer: joinPointer(metadataPath, 'annotations', IGNORE_ANNOTATION), value } : undefined;
}
