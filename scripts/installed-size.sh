#!/usr/bin/env bash
# The library as a user gets it: packs the compiled package (npm pack), installs it with cdk8s and constructs
# into a fresh app (npm install), and measures node_modules (du). Then loads it, and type-checks a file that
# uses it with the library's declarations checked too (skipLibCheck off): no .d.ts that a user's compiler
# reaches may name a package that is not installed (the bundled ones in lib/vendor are not).
#
#   scripts/installed-size.sh            # after npx projen compile; needs the npm registry
#   INSTALLED_LIMIT_MB=15 scripts/installed-size.sh   # also fails when the app is bigger than that
#
# Sizes are du's disk usage (4 KiB blocks, as `du -sh node_modules` shows), in KiB. npm installs the
# library's peers too; "without optional peers" leaves out the peers other than cdk8s and constructs
# (cdk8s-plus-*), which an app that does not use them need not install.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$root/lib/index.js" ] || [ ! -f "$root/.jsii" ]; then
  echo "installed-size: lib/ is not compiled: run npx projen compile first" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)
mkdir "$work/app" && cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work/$tarball" cdk8s@2 constructs@10 >/dev/null

kib() { du -sk "$@" | awk '{ s += $1 } END { print s + 0 }'; }
total=$(kib node_modules)
optional=0
for peer in $(node -p "Object.keys(require('cdk8s-slo/package.json').peerDependencies || {}).filter((p) => p !== 'cdk8s' && p !== 'constructs').join(' ')"); do
  if [ -d "node_modules/$peer" ]; then optional=$((optional + $(kib "node_modules/$peer"))); fi
done
app=$((total - optional))

echo "tarball: $(kib "$work/$tarball") KiB ($tarball)"
echo "node_modules: $total KiB ($(du -sh node_modules | cut -f1)), without optional peers: $app KiB"
echo "by package:"
shopt -s nullglob
du -sk node_modules/[!@.]* node_modules/@*/* | sort -rn | head -n 12 | sed 's/^/  /'

# Loads as a user's app does, and type-checks with every declaration it reaches checked.
node -e "const slo = require('cdk8s-slo'); if (typeof slo.Slo !== 'function') throw new Error('no Slo export')"
cat > main.ts <<'TS'
import { App, Chart } from 'cdk8s';
import { Slo, SloDashboard, SloImport } from 'cdk8s-slo';

const app = new App();
const chart = new Chart(app, 'slos');
const slo: Slo | undefined = undefined;
void [chart, slo, SloDashboard, SloImport];
TS
node "$root/node_modules/typescript/bin/tsc" --noEmit --strict --skipLibCheck false --types node --typeRoots "$root/node_modules/@types" \
  --module node16 --moduleResolution node16 --target es2022 main.ts
echo "loads, and type-checks with skipLibCheck off"

if [ -n "${INSTALLED_LIMIT_MB:-}" ] && [ "$app" -gt $((INSTALLED_LIMIT_MB * 1024)) ]; then
  echo "installed-size: $app KiB is over the limit of $INSTALLED_LIMIT_MB MB" >&2
  exit 1
fi
