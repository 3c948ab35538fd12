/** Raised when two operands do not fit together; the message says what was expected. */
export class DimensionError extends Error {
  override name = 'DimensionError';
}

/** An exactly singular system: U(pivot, pivot) = 0 after partial pivoting (0-based pivot). */
export class SingularMatrixError extends Error {
  override name = 'SingularMatrixError';
  constructor(
    readonly pivot: number,
    readonly n: number,
    context = '',
  ) {
    super(
      `singular matrix${context ? ` (${context})` : ''}: pivot ${pivot} of ${n} is exactly zero after partial pivoting, ` +
        `so the system has no unique solution; check the row and column at index ${pivot} (0-based)`,
    );
  }
}

/** A numerically singular system: its reciprocal condition number is below the tolerance. */
export class IllConditionedError extends Error {
  override name = 'IllConditionedError';
  constructor(
    readonly rcond: number,
    readonly tolerance: number,
    readonly pivot: number,
    readonly n: number,
    context = '',
  ) {
    super(
      `ill-conditioned matrix${context ? ` (${context})` : ''}: reciprocal condition number ${rcond.toExponential(2)} ` +
        `is below ${tolerance.toExponential(2)}; the smallest pivot is at index ${pivot} of ${n} (0-based)`,
    );
  }
}

/** A NaN or infinite entry where a finite number is needed. */
export class NonFiniteError extends Error {
  override name = 'NonFiniteError';
  constructor(
    readonly row: number,
    readonly col: number,
    readonly value: number,
    context = '',
  ) {
    super(`non-finite value ${value} at row ${row}, column ${col} (0-based)${context ? ` of ${context}` : ''}`);
  }
}
