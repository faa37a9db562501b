// The YAML parser that SloImport reads OpenSLO and Sloth documents with. At build time (the compile task,
// scripts/bundle-vendor.js) lib/vendor/yaml.js becomes a bundle of the `yaml` package, shipped inside lib/.
export * as YAML from 'yaml';
