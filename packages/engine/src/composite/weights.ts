/** The weighting methods under one name each, plus equal and user-given weights. */
import type { Matrix } from '@catena/linalg';
import { OptionError } from '../errors.js';
import { criticWeights } from './critic.js';
import { entropyWeights } from './entropy.js';
import { pcaWeights } from './pca.js';

export type WeightMethod = 'entropy' | 'critic' | 'pca' | 'equal' | 'user';
export const WEIGHT_METHODS: readonly WeightMethod[] = ['entropy', 'critic', 'pca', 'equal', 'user'];

/** Equal weights 1/m. */
export function equalWeights(m: number): Float64Array {
  return new Float64Array(m).fill(1 / m);
}

/**
 * User-given weights for the named indicators, rescaled to sum to 1 (w_j = g_j / Σ g). Every
 * indicator needs a finite, non-negative weight, and at least one must be positive.
 */
export function userWeights(names: readonly string[], given: Readonly<Record<string, number>>): Float64Array {
  const w = new Float64Array(names.length);
  let s = 0;
  names.forEach((name, j) => {
    const g = given[name];
    if (g === undefined) throw new OptionError(`no user weight for indicator '${name}'; expected a weight for each of ${names.join(', ')}`);
    if (!(Number.isFinite(g) && g >= 0)) throw new OptionError(`user weight of '${name}' is ${g}; expected a finite number ≥ 0`);
    w[j] = g;
    s += g;
  });
  if (!(s > 0)) throw new OptionError(`user weights of ${names.join(', ')} sum to ${s}; expected a positive sum`);
  for (let j = 0; j < w.length; j++) w[j] /= s;
  return w;
}

/**
 * Weights of the columns of the min–max normalised matrix X' by the given method (the column
 * names are needed for user weights). Every method returns non-negative weights summing to 1.
 */
export function computeWeights(
  method: WeightMethod,
  Xn: Matrix,
  names: readonly string[],
  given?: Readonly<Record<string, number>>,
): Float64Array {
  switch (method) {
    case 'entropy':
      return entropyWeights(Xn).weights;
    case 'critic':
      return criticWeights(Xn).weights;
    case 'pca':
      return pcaWeights(Xn).weights;
    case 'equal':
      return equalWeights(Xn.cols);
    case 'user':
      if (!given) throw new OptionError('user weights were asked for but none were given');
      return userWeights(names, given);
  }
}
