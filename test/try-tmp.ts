import { importSources, readSourceTexts } from '../src/documents/files-import';
for (const dir of process.argv.slice(2)) {
  try {
    const r = importSources(readSourceTexts([dir]), { periodSeconds: 30 * 86400 });
    console.log(`OK ${dir}: ${r.slos.length} SLOs`); r.warnings.forEach((w) => console.log('   W ' + w.slice(0, 250)));
  } catch (e) { console.log(`REFUSED ${dir}: ${(e as Error).message}`); }
}
