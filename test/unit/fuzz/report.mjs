#!/usr/bin/env node
// Prints the fuzz case counts of the last run (test-output/fuzz/*.json, written by test/unit/fuzz/support.ts) as a
// Markdown table: `npx vitest run --project unit test/unit/fuzz && node test/unit/fuzz/report.mjs`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '../../../test-output/fuzz');
const rows = [];
for (const file of readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()) {
  const { scale, parsers } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  for (const [parser, { cases, numRuns }] of Object.entries(parsers))
    rows.push({ file: file.replace(/\.json$/, ''), parser, cases, numRuns, scale });
}
let total = 0;
const lines = ['| parser | cases per run | numRuns | file |', '|---|---:|---:|---|'];
for (const row of rows) {
  total += row.cases;
  lines.push(`| ${row.parser} | ${row.cases} | ${row.numRuns} | ${row.file}.test.ts |`);
}
lines.push(`| **total** | **${total}** | | |`);
process.stdout.write(`${lines.join('\n')}\n`);
