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

/** A wrong option passed to an analysis (unknown method, country code, level …). */
export class OptionError extends Error {
  override name = 'OptionError';
}
