/**
 * Regional and national value chains: a group of countries treated as the domestic block.
 *
 * For a group R with block inverse L_R = (I − A_RR)⁻¹ and the national local inverses L, the
 * value added of each member country-sector i splits by where, and along which path, it ends
 * in final demand:
 *   national  v_i (L y^D)_i                     produced and absorbed at home, never crossing a border
 *   regional  v_i (L_R y^{R,R})_i − national    absorbed in the group, crossing only borders inside it
 *   return    v_i (B y^{·,R})_i − v_i (L_R y^{R,R})_i   absorbed in the group after leaving it
 *   leave     v_i (B y^{·,out})_i               absorbed outside the group
 * with y^{·,R} the final demand of the members (any producer), y^{R,R} its part produced in the
 * group and y^{·,out} the final demand of non-members. The four add up to v_i (B y)_i = VA_i.
 */
import { Matrix } from '@catena/linalg';
import type { Model } from '../model/model.js';
import type { Partition } from '../model/partition.js';

export interface RegionalSplit {
  national: Float64Array;
  regional: Float64Array;
  returned: Float64Array;
  leave: Float64Array;
}

/**
 * The national / regional / return / leave split of the members' value added: `group` is a
 * partition of the model with the group as block `b` (the others alone), `national` the national
 * partition (each member with its split parts).
 */
export function regionalSplit(model: Model, group: Partition, b: number, national: Partition = model.partition()): RegionalSplit {
  const { G, GN, v } = model;
  const inB = (i: number) => group.blockOf[i] === b;
  const Yc = model.Yc.data;
  const R = new Matrix(GN, 2); // column 0: final demand of members, 1: of non-members
  for (let r = 0; r < G; r++) {
    const c = group.blockOfCountry[r] === b ? 0 : 1;
    for (let i = 0; i < GN; i++) R.data[i + c * GN] += Yc[i + r * GN];
  }
  const BR = model.solve(R);
  const inGroup = new Float64Array(GN);
  for (let i = 0; i < GN; i++) if (inB(i)) inGroup[i] = R.data[i];
  const LRz = group.applyL(inGroup);
  const LyD = national.applyL(national.finalSplit().yD);
  const out: RegionalSplit = {
    national: new Float64Array(GN),
    regional: new Float64Array(GN),
    returned: new Float64Array(GN),
    leave: new Float64Array(GN),
  };
  for (let i = 0; i < GN; i++) {
    if (!inB(i)) continue;
    out.national[i] = v[i] * LyD[i];
    out.regional[i] = v[i] * (LRz[i] - LyD[i]);
    out.returned[i] = v[i] * (BR.data[i] - LRz[i]);
    out.leave[i] = v[i] * BR.data[i + GN];
  }
  return out;
}
