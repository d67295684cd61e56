import { CommandMemo } from '../commands/command-memo.js';
import type { JobSentinelConfig } from '../config/config.js';
import type { PatternEngine } from '../patterns/types.js';
import type { ContainerEvidence, CustomIndicator } from './custom-patterns.js';

/**
 * What a scan remembers while it runs, so that work repeated across indicators, documents and records
 * is done once: command models, the text custom patterns read, compiled custom patterns. The core keeps
 * no state of its own; whoever runs a scan makes one (`new ScanMemo()`) and drops it with the scan. An
 * analysis without one makes its own; a host that analyses again and again under one config (the CLI
 * over many files, the editor on every keystroke) passes the same one to every call. Its tables hold
 * input objects weakly and contents up to a bound, so a long-lived memo does not grow without end.
 */
export class ScanMemo {
  readonly commands = new CommandMemo();
  /** What custom patterns read of a container (custom-patterns.ts), by the container object. */
  readonly customEvidence = new WeakMap<object, { path: string; evidence: ContainerEvidence }>();
  /** Compiled custom patterns, by a config's `custom` section (which a host merging settings keeps as is) and engine. */
  readonly customIndicators = new WeakMap<JobSentinelConfig['custom'], WeakMap<PatternEngine, readonly CustomIndicator[]>>();
}
