/**
 * Input that cannot be read as captions. `line` is the 1-based line of the decoded text where the
 * problem is, when there is one; the message already names it.
 */
export class TranscriptError extends Error {
  readonly code: string;
  readonly line?: number;

  constructor(code: string, message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'TranscriptError';
    this.code = code;
    this.line = line;
  }
}
