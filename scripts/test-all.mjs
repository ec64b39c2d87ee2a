// `npm test`: lint, type-check, build, then the unit, integration and e2e suites; ends with one summary line
// ("N passed, N failed") that CI can read, and exits non-zero if any stage failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const stages = [
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (renderer)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']],
  ['build', 'npm', ['run', 'build']],
];
const projects = ['unit', 'integration', 'e2e'];

rmSync('test-output/results', { recursive: true, force: true });
mkdirSync('test-output/results', { recursive: true });

let failedStage;
for (const [name, command, args] of stages) {
  console.log(`\n== ${name}`);
  if (spawnSync(command, args, { stdio: 'inherit' }).status !== 0) {
    failedStage = name;
    break;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (!failedStage) {
  for (const project of projects) {
    console.log(`\n== ${project} tests`);
    const output = `test-output/results/${project}.json`;
    const run = spawnSync(
      'npx',
      [
        'vitest',
        'run',
        '--project',
        project,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${output}`,
      ],
      { stdio: 'inherit' },
    );
    try {
      const report = JSON.parse(readFileSync(output, 'utf8'));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + report.numTodoTests;
    } catch {
      failed += 1; // the suite did not even report
    }
    if (run.status !== 0) failedStage ??= `${project} tests`;
  }
}

if (failedStage) console.log(`\nFAILED at: ${failedStage}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedStage || failed > 0 ? 1 : 0);
