/** Public types shared by every step: parsed text → pod templates → indicator checks → findings. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (as editors and LSP count them). */
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Zero-based, end-exclusive offsets into the source text. */
export interface Span {
  start: number;
  end: number;
}

export interface Finding {
  indicator: string;
  severity: Severity;
  message: string;
  /** JSON pointer of the offending node inside its document. */
  path: string;
  /** The text that triggered the indicator (an image, a command, a path). */
  evidence: string;
  document: number;
  kind: string;
  name: string | null;
  namespace: string | null;
  /** Source range of the offending node; manifests only. */
  range?: Range;
  /** Offsets behind `range`, for editors that edit the text. */
  span?: Span;
  /**
   * The finding is in a value the template loads from another file (a ConfigMap's script): where that
   * value is written. The finding's own range is then the reference in this file that brings it in.
   */
  source?: FindingSource;
}

export interface FindingSource {
  file: string;
  /** 0-based document index in that file. */
  document: number;
  /** JSON pointer of the value in that document. */
  path: string;
  range: Range;
}

/** How a finding was suppressed, and where the suppression sits. */
export interface Suppression {
  kind: 'annotation' | 'comment' | 'config';
  /** The annotation's or comment's id list in the manifest; for the config file, the JSON pointer of the `ignore:` entry. */
  location: { range: Range } | { pointer: string };
}

/** A finding that an annotation, a comment or the config file suppressed: reported as such, never dropped. */
export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

export interface AnalysisError {
  message: string;
  range: Range;
  /** The input here was not judged (e.g. a Helm template): shown as a note in editors, still incomplete. */
  skipped?: boolean;
  /** What is here is no Kubernetes object (a scalar document, a `package.json`): nothing was lost. */
  notKubernetes?: boolean;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Findings an annotation, a comment or the config file suppressed. */
  suppressed: SuppressedFinding[];
  errors: AnalysisError[];
  /** Number of documents in the text (YAML `---` separated). */
  documents: number;
}
