/** What went wrong, in one line for a report: the message of an exception, never its stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
