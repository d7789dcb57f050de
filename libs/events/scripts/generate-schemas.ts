// Writes libs/events/schemas/: one JSON Schema (draft 2020-12) per event type plus index.json.
// Run with `npm run schemas` after changing a data schema class; a unit test fails while the
// committed files differ from what this would write.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import '../src';
import { schemaFiles } from '../src/json-schema/schema-files';

const outputDir = join(__dirname, '..', 'schemas');
mkdirSync(outputDir, { recursive: true });

const files = schemaFiles();
let written = 0;
for (const [name, content] of files) {
  const path = join(outputDir, name);
  if (existsSync(path) && readFileSync(path, 'utf8') === content) continue;
  writeFileSync(path, content);
  written += 1;
}
let removed = 0;
for (const name of readdirSync(outputDir)) {
  if (name.endsWith('.json') && !files.has(name)) {
    unlinkSync(join(outputDir, name));
    removed += 1;
  }
}
console.log(`${files.size} schema files in ${outputDir} (${written} written, ${removed} removed)`);
