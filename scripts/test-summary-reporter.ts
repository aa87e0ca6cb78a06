/**
 * A node:test reporter that prints one closing line, `N passed, N failed, N skipped`, after the spec
 * reporter's output: the plain summary line CI reads whatever runner it expects. Suites are not counted,
 * only tests (as node's own `ℹ tests` figure does).
 */
import type { TestEvent } from 'node:test/reporters';

export default async function* summaryReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details.type === 'suite') continue;
    if (event.type === 'test:fail') failed++;
    else if (event.data.skip !== undefined || event.data.todo !== undefined) skipped++;
    else passed++;
  }
  yield `${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
