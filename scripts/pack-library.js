#!/usr/bin/env node
/**
 * Packs the library as it is published: the files `npm pack` takes from this repository (see `files` in
 * package.json), with the manifest a consumer needs and nothing of the development set-up (projen's task
 * scripts, the jest configuration, devDependencies, devEngines). Prints the tarball's path.
 *
 *   node scripts/pack-library.js [DESTINATION]   (default: dist/js)
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const DEVELOPMENT_FIELDS = ['scripts', 'jest', 'devDependencies', 'devEngines', '//'];

const destination = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist', 'js'));
if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
  console.error('pack-library: lib/ is not compiled; run `npx projen compile` first');
  process.exit(1);
}
const [listing] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-slo-pack-'));
try {
  for (const file of listing.files) {
    fs.mkdirSync(path.dirname(path.join(stage, file.path)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file.path), path.join(stage, file.path));
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const field of DEVELOPMENT_FIELDS) delete manifest[field];
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, undefined, 2)}\n`);
  fs.mkdirSync(destination, { recursive: true });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: stage, encoding: 'utf8' }));
  console.log(path.join(destination, packed.filename));
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
