/**
 * A file that is not in the layout its reader expects. The message names the file, the row
 * and/or column, what was found and what was expected.
 */
export class TableFormatError extends Error {
  override name = 'TableFormatError';
  constructor(
    readonly file: string,
    readonly where: string,
    readonly found: string,
    readonly expected: string,
  ) {
    super(`${file}${where ? `, ${where}` : ''}: found ${found}; expected ${expected}`);
  }
}

/** A table whose contents cannot be used as asked (dimensions, labels, concordances). */
export class TableError extends Error {
  override name = 'TableError';
}

/**
 * A wrong option passed to an analysis (unknown method, country code, level …). `option` is the
 * option's field name in the analysis's schema (e.g. 'method', 'blocks'), never a CLI flag: each
 * front end words it its own way (`--method` in the CLI, the JSON field in the HTTP API).
 */
export class OptionError extends Error {
  override name = 'OptionError';
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

/** A run stopped by its caller (RunContext.signal aborted). */
export class CancelledError extends Error {
  override name = 'CancelledError';
}
