#!/usr/bin/env bash
# The artifact test: the packages users get, installed the way users install them. Packs the library and
# the CLI, makes a fresh cdk8s TypeScript app laid out as `cdk8s init typescript-app` lays one out, installs
# the two tarballs and the app's usual dependencies from the npm registry, then:
#   - synthesizes the README's quick start and service templates examples with `npx cdk8s synth`, and
#     checks every PrometheusRule with `promtool check rules`;
#   - validates the output with the installed CLI (`npx cdk8s-slo validate dist/`);
#   - type-checks an app that passes a cdk8s-plus-33 Deployment to `ApiServiceSlo.fromDeployment`;
#   - measures what the library adds to a fresh app's node_modules, against the 15 MB target.
# Needs node, npm (the registry) and promtool. Fails on the first problem.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MAX_INSTALLED_KB=$((15 * 1024))
WORK="$(mktemp -d -t cdk8s-slo-artifact-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'artifact test FAILED: %s\n' "$*" >&2; exit 1; }
for tool in node npm promtool; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done

step "pack the library and the CLI"
cd "$ROOT"
npx projen compile >/dev/null
npx projen compile:cli >/dev/null
LIB_TGZ="$(node scripts/pack-library.js "$WORK")"
CLI_TGZ="$WORK/$(cd cli && npm pack --silent --ignore-scripts --pack-destination "$WORK" | tail -n 1)"
# What consumers get: manifests without development scripts or configuration.
for tgz in "$LIB_TGZ" "$CLI_TGZ"; do
  tar -xOzf "$tgz" package/package.json | node -e '
    const manifest = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const extra = ["scripts", "jest", "devDependencies", "devEngines"].filter((field) => field in manifest);
    if (extra.length > 0) { console.error(manifest.name + ": the published package.json has " + extra.join(", ")); process.exit(1); }
  ' || fail "$(basename "$tgz") carries development fields in its package.json"
done
packed=$(stat -c %s "$LIB_TGZ")
# The packed size is held to 2 MB by test/package-contents.test.ts; here it is only reported.
echo "library: $(basename "$LIB_TGZ"), $packed bytes packed; CLI: $(basename "$CLI_TGZ"), $(stat -c %s "$CLI_TGZ") bytes"

# A cdk8s TypeScript app as `cdk8s init typescript-app` lays it out (its tsconfig.json, cdk8s.yaml and scripts).
new_app() {
  local dir="$1"
  mkdir -p "$dir"
  cat > "$dir/package.json" <<'JSON'
{ "name": "app", "version": "1.0.0", "private": true, "main": "main.js", "types": "main.ts", "license": "Apache-2.0",
  "scripts": { "synth": "cdk8s synth", "compile": "tsc --build" } }
JSON
  cat > "$dir/cdk8s.yaml" <<'YAML'
language: typescript
app: npx ts-node main.ts
YAML
  cat > "$dir/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "alwaysStrict": true, "declaration": true, "experimentalDecorators": true, "inlineSourceMap": true,
    "inlineSources": true, "lib": ["es2016"], "module": "CommonJS", "noEmit": false, "noEmitOnError": true,
    "noFallthroughCasesInSwitch": true, "noImplicitAny": true, "noImplicitReturns": true, "noImplicitThis": true,
    "noUnusedLocals": true, "noUnusedParameters": true, "resolveJsonModule": true, "strict": true,
    "strictNullChecks": true, "strictPropertyInitialization": true, "stripInternal": true, "target": "ES2017"
  },
  "include": ["**/*.ts"],
  "exclude": ["node_modules"]
}
JSON
}

# The first ```ts block after a README heading.
readme_example() {
  node -e '
    const text = require("fs").readFileSync(process.argv[1], "utf8");
    const start = text.indexOf("\n" + process.argv[2] + "\n");
    const block = start < 0 ? null : /```ts\n([\s\S]*?)```/.exec(text.slice(start));
    if (!block) { console.error("no ts example under " + process.argv[2]); process.exit(1); }
    process.stdout.write(block[1]);
  ' "$ROOT/README.md" "$1"
}

step "measure what the library adds to a fresh app"
new_app "$WORK/bare"
(cd "$WORK/bare" && npm install --silent --no-audit --no-fund cdk8s@^2 constructs@^10 >/dev/null)
bare_kb=$(du -sk "$WORK/bare/node_modules" | cut -f1)
(cd "$WORK/bare" && npm install --silent --no-audit --no-fund "$LIB_TGZ" >/dev/null)
with_lib_kb=$(du -sk "$WORK/bare/node_modules" | cut -f1)
added_kb=$((with_lib_kb - bare_kb))
echo "node_modules: ${bare_kb} KB with cdk8s and constructs, ${with_lib_kb} KB with cdk8s-slo: it adds ${added_kb} KB"
[ -d "$WORK/bare/node_modules/@kubernetes" ] && fail "the library brought a Kubernetes client"
[ "$added_kb" -le "$MAX_INSTALLED_KB" ] || fail "the library adds ${added_kb} KB to an app, over ${MAX_INSTALLED_KB} KB"

step "a fresh app with both packages"
APP="$WORK/app"
new_app "$APP"
readme_example '## Quick start' > "$APP/quick-start.ts"
readme_example '## Service templates' > "$APP/templates.ts"
printf "import './quick-start';\nimport './templates';\n" > "$APP/main.ts"
cat > "$APP/workloads.ts" <<'TS'
// cdk8s-plus-33, as `cdk8s init typescript-app` installs it today, with the template's fromDeployment.
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { ApiServiceSlo } from 'cdk8s-slo';

const app = new App();
const chart = new Chart(app, 'workloads', { namespace: 'shop' });
const deployment = new kplus.Deployment(chart, 'cart', {
  containers: [{ image: 'registry.example/cart:1.0', portNumber: 8080, securityContext: { ensureNonRoot: false } }],
});
ApiServiceSlo.fromDeployment(chart, 'cart-slos', deployment, { team: 'shop' });
export default app;
TS
cd "$APP"
npm install --silent --no-audit --no-fund "$LIB_TGZ" "$CLI_TGZ" cdk8s@^2 constructs@^10 cdk8s-plus-33 \
  cdk8s-cli@^2 ts-node@^10 typescript@~5.9 @types/node@^20 yaml@^2 >/dev/null

step "synthesize the README's examples"
npx cdk8s synth
ls dist
# promtool reads rule files: the groups of every PrometheusRule, with the fields a rule file knows.
node -e '
  const fs = require("fs");
  const YAML = require("yaml");
  const groups = [];
  for (const file of process.argv.slice(1)) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS())) {
      if (doc && doc.kind === "PrometheusRule") {
        groups.push(...doc.spec.groups.map(({ name, interval, limit, rules }) => ({ name, interval, limit, rules })));
      }
    }
  }
  if (groups.length === 0) { console.error("no PrometheusRule groups in " + process.argv.slice(1).join(" ")); process.exit(1); }
  process.stdout.write(YAML.stringify({ groups }));
' dist/*.k8s.yaml > rules.yaml
promtool check rules rules.yaml

step "validate with the installed CLI"
npx cdk8s-slo validate dist/

step "type-check an app with cdk8s-plus-33"
npx tsc --noEmit -p tsconfig.json

echo
echo "artifact test passed"
