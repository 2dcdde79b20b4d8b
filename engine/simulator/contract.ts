// The JSON of `schedlab explain --json` (the conformance contract, tests/conformance/README.md):
//   { "cycles": [{pod, result, node, nominatedNode, victims, message, filter, scores}],
//     "final": { "<ns>/<name>": { "node": string | null } } }

import type { SimResult } from './simulate';
import type { FilterVerdict, NodeScoreDetail } from '../scheduler/schedule_one';

export interface ContractCycle {
  pod: string;
  result: 'Scheduled' | 'Unschedulable';
  node: string | null;
  nominatedNode: string | null;
  victims: string[];
  message: string | null;
  filter: Record<string, FilterVerdict | null>;
  scores: Record<string, NodeScoreDetail>;
}

export interface ContractOutput {
  cycles: ContractCycle[];
  final: Record<string, { node: string | null }>;
}

/** Maps a simulation result (run with details on) to the contract. */
export function toContractJson(r: SimResult): ContractOutput {
  return {
    cycles: r.cycles.map((c) => ({
      pod: c.pod,
      // An attempt that ended in an error (not a FitError) left the pod unscheduled too.
      result: c.result === 'Scheduled' ? 'Scheduled' : 'Unschedulable',
      node: c.node,
      nominatedNode: c.nominatedNode,
      victims: c.victims,
      message: c.message,
      filter: c.filter ?? {},
      scores: c.scores ?? {},
    })),
    final: Object.fromEntries(Object.entries(r.final).map(([k, v]) => [k, { node: v.node }])),
  };
}
