import type { BipartiteGraph } from './bipartite-graph';
import { maximumMatching } from './hopcroft-karp';

/** Which vertices of each side are in the cover. */
export interface VertexCover {
  readonly size: number;
  readonly left: Uint8Array;
  readonly right: Uint8Array;
}

/**
 * Minimum vertex cover of a bipartite graph by König's theorem.
 *
 * Take a maximum matching M and let Z be every vertex reachable from a free
 * left vertex by an alternating path (non-matching edge left→right, matching
 * edge right→left). The cover is (L \ Z) ∪ (R ∩ Z):
 * - it covers every edge (u, v): if u ∉ Z, u is in the cover; if u ∈ Z then v
 *   is reachable from u (by the non-matching edge, or v is u's partner and u
 *   was itself reached through v), so v ∈ Z and v is in the cover;
 * - it has |M| vertices: every v ∈ R ∩ Z is matched (else the alternating
 *   path to it would augment M, contradicting maximality), every u ∈ L \ Z is
 *   matched (free left vertices are in Z), and no matching edge has both ends
 *   counted (a matched v ∈ Z pulls its partner into Z).
 * Any cover needs one vertex per matching edge, so |M| is the minimum.
 */
export function minimumVertexCover(graph: BipartiteGraph): VertexCover {
  const { leftCount, rightCount, start, adjacency } = graph;
  const { size, matchOfLeft, matchOfRight } = maximumMatching(graph);

  const leftReached = new Uint8Array(leftCount);
  const rightReached = new Uint8Array(rightCount);
  const queue = new Int32Array(leftCount);
  let head = 0;
  let tail = 0;
  for (let u = 0; u < leftCount; u++) {
    if (matchOfLeft[u] === -1) {
      leftReached[u] = 1;
      queue[tail++] = u;
    }
  }
  while (head < tail) {
    const u = queue[head++];
    for (let e = start[u]; e < start[u + 1]; e++) {
      const v = adjacency[e];
      if (rightReached[v] === 0 && v !== matchOfLeft[u]) {
        rightReached[v] = 1;
        const partner = matchOfRight[v];
        if (partner !== -1 && leftReached[partner] === 0) {
          leftReached[partner] = 1;
          queue[tail++] = partner;
        }
      }
    }
  }

  const left = new Uint8Array(leftCount);
  for (let u = 0; u < leftCount; u++) {
    left[u] = leftReached[u] ^ 1;
  }
  return { size, left, right: rightReached };
}
