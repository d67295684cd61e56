import { ContentMemo } from '../content-memo.js';
import type { Invocation } from './invocations.js';

/** Containers remembered by content: enough for the distinct containers of a large audit log. */
const REMEMBERED_CONTENTS = 512;

/**
 * The command models a scan has built, so that every indicator reading a container's commands models
 * them once. It belongs to whoever runs the scan (an analysis, a CLI run, an editor session, an audit
 * scan) and goes with it: nothing is kept between scans that did not ask to share it.
 */
export class CommandMemo {
  /** By the container object itself, with the path it was read at: the indicators of one template share it. */
  readonly byObject = new WeakMap<object, { path: string; invocations: Invocation[] }>();
  /**
   * By content, across objects: an audit log repeats the same containers thousands of times (a
   * CronJob's every Job), and an editor re-parses an unchanged container on every keystroke. The
   * analysis is a pure function of the container and its path, so equal keys give equal results.
   */
  readonly byContent = new ContentMemo<Invocation[]>(REMEMBERED_CONTENTS);
}
