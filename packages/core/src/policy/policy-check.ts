/** One check of a compiled policy: the CEL that is true where an indicator fires. */
export interface PolicyCheck {
  indicator: string;
  /** `container`: `violation` reads one container as `c`; `pod`: it reads the pod-level `variables`. */
  scope: 'container' | 'pod';
  /** CEL, true when the container (or the pod) shows the indicator. */
  violation: string;
  /** True when the CEL decides exactly what the core decides; false for approximations of command analysis. */
  exact: boolean;
}
