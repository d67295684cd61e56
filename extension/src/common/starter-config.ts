/**
 * A commented `.jobsentinel.yaml` that changes nothing until edited: every setting is shown with its
 * default or as an example, commented out, so a new user sees what can be tuned and why.
 */
export const STARTER_CONFIG = `# jobsentinel configuration: the CLI, the language server and the editor read the nearest
# .jobsentinel.yaml above each file. Everything below is commented out; uncomment what you need.
# Reference: docs/indicators.md (indicator ids) and the README, section "Tuning".

# Which indicators run: "extended" (default, every indicator) or "seed" (only the six clauses of the
# original Elastic rule).
# profile: extended

# Severity per indicator id: error, warning, information, hint, or off to switch it off.
# severity:
#   attacker-tooling: hint
#   host-network: off

# Known false positives. An entry applies when all of its conditions hold; globs use * and ?.
# ignore:
#   - indicators: [attacker-tooling]      # CI jobs on alpine/ubuntu base images
#     images: ["alpine:*", "ubuntu:*"]
#     namespaces: ["ci", "build-*"]
#   - indicators: [host-path-mount]       # log forwarders that read the node's logs
#     images: ["fluent/fluent-bit:*", "grafana/promtail:*"]

# Your own indicators: images to flag, and RE2 patterns over commands, arguments and scripts.
# custom:
#   images: ["registry.example.com/red-team/*"]
#   patterns:
#     - id: crypto-miner
#       pattern: "stratum\\\\+tcp://|xmrig"
#       severity: error
#       description: Crypto-miner pool URL or binary
`;
