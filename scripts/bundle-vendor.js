#!/usr/bin/env node
'use strict';
/**
 * Bundles the third-party code the library runs into lib/vendor, so the package ships only what it uses
 * (and depends on nothing but its peers). Run by the compile task after jsii, from the repository root.
 *
 * jsii compiles each src/vendor/<name>.ts to lib/vendor/<name>.js, which requires a package from
 * node_modules (a dev dependency). This replaces each such file, in place, with an esbuild bundle of it and
 * of every module it reaches, and appends the names, versions and licences of the bundled packages.
 * The bundle keeps names (keepNames) and is not minified, so the code runs as the packages' own does.
 * Already bundled files (they start with BANNER) are left alone, so running it twice changes nothing.
 * The .d.ts files stay as tsc wrote them: no public type reaches them (test/package-contents.test.ts).
 */
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const VENDOR = path.join('lib', 'vendor');
const BANNER = '// Bundled by scripts/bundle-vendor.js from the packages named at the end of this file.';

/** The root folder and package.json of the npm package a bundled input file belongs to. */
function packageOf(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const length = parts[at + 1].startsWith('@') ? 2 : 1;
  const root = parts.slice(0, at + 1 + length).join('/');
  return { root, manifest: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) };
}

/** A comment naming each bundled package with its licence text. */
function licenceComment(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const found = packageOf(input);
    if (found && !packages.has(found.root)) packages.set(found.root, found.manifest);
  }
  const sections = [...packages.entries()]
    .sort(([, a], [, b]) => a.name.localeCompare(b.name))
    .map(([root, manifest]) => {
      const file = fs.readdirSync(root).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
      const text = file ? fs.readFileSync(path.join(root, file), 'utf8').trim() : '(no licence file in the package)';
      return `${manifest.name}@${manifest.version} (${manifest.license})\n\n${text}`;
    });
  return `/*\n * Bundled packages and their licences:\n\n${sections.join('\n\n---\n\n').replace(/\*\//g, '* /')}\n */`;
}

if (!fs.existsSync(VENDOR)) {
  throw new Error(`${VENDOR} is missing: compile first (npx projen compile)`);
}
for (const name of fs.readdirSync(VENDOR).filter((file) => file.endsWith('.js')).sort()) {
  const file = path.join(VENDOR, name);
  if (fs.readFileSync(file, 'utf8').startsWith(BANNER)) continue;
  const result = esbuild.buildSync({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    keepNames: true,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  const inputs = Object.keys(result.metafile.inputs);
  fs.writeFileSync(file, `${BANNER}\n${output.text}\n${licenceComment(inputs)}\n`);
  console.log(`${file}: ${inputs.length} modules, ${(output.contents.length / 1024).toFixed(0)} KiB`);
}
