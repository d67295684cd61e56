#!/usr/bin/env bash
# Installs code-server 4.100.3 (a full VS Code: web workbench + Node extension host) from the npm
# registry into $HOME/.cache/code-server-4.100.3, the only way to get a real VS Code on machines
# without general internet access. Idempotent: a completed install is detected by its marker file.
# Needs: apt packages chromium, ripgrep, libkrb5-dev (installed here when apt-get is available).
set -euo pipefail

version=4.100.3
dir=${CODE_SERVER_DIR:-$HOME/.cache/code-server-$version}
marker=$dir/.install-complete

if [[ -f $marker && -x $dir/node_modules/.bin/code-server ]]; then
  echo "code-server $version already installed in $dir"
  exit 0
fi

need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
command -v chromium >/dev/null || need_apt+=(chromium)
[[ -f /usr/include/gssapi/gssapi.h || -f /usr/include/krb5.h ]] || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_apt[@]}"
  else
    echo "install-code-server: missing apt packages: ${need_apt[*]} (run as root or install them)" >&2
    exit 1
  fi
fi

mkdir -p "$dir"
cd "$dir"
[[ -f package.json ]] || npm init -y >/dev/null
# Without --ignore-scripts the package's postinstall fails as root and then on a ripgrep download.
npm install --no-audit --no-fund --ignore-scripts "code-server@$version"
npm rebuild argon2

cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts
# @vscode/ripgrep's postinstall downloads a binary from the internet; give it Debian's instead.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts)

touch "$marker"
echo "code-server $version installed in $dir"
