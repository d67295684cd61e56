/** Reading stopped early; what was read before stands. A host's input stream may fail with one: its message is reported as it is. */
export class InputError extends Error {}
