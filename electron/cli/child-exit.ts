/** The child's own exit status, passed through as ours (docs/architecture.md §5: exec exits with the child's code). */
export class ChildExit extends Error {
  constructor(readonly code: number) {
    super(`child exited with ${code}`);
  }
}
