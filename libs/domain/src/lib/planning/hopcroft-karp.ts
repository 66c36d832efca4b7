import type { BipartiteGraph } from './bipartite-graph';

/** A matching: `matchOfLeft[u]` is u's right partner or -1, and the reverse. */
export interface Matching {
  readonly size: number;
  readonly matchOfLeft: Int32Array;
  readonly matchOfRight: Int32Array;
}

const UNREACHED = 0x7fffffff;

/**
 * Maximum matching by Hopcroft–Karp, O(E·√V): each phase layers the graph by
 * a BFS from every free left vertex, then augments along a maximal set of
 * vertex-disjoint shortest augmenting paths found by DFS. The DFS is
 * iterative because an augmenting path can be thousands of vertices long.
 * A greedy pass seeds the matching; on dense ledgers (everything missing) it
 * is already maximum and the single BFS that proves it is the main cost.
 */
export function maximumMatching(graph: BipartiteGraph): Matching {
  const { leftCount, rightCount, start, adjacency } = graph;
  const matchOfLeft = new Int32Array(leftCount).fill(-1);
  const matchOfRight = new Int32Array(rightCount).fill(-1);
  let size = greedySeed(graph, matchOfLeft, matchOfRight);

  const layer = new Int32Array(leftCount);
  const queue = new Int32Array(leftCount);
  const cursor = new Int32Array(leftCount);
  const stack = new Int32Array(leftCount);

  for (;;) {
    // BFS: layer free left vertices at 0, reach matched left vertices through
    // their partners, stop past the first layer that touches a free right one.
    let head = 0;
    let tail = 0;
    for (let u = 0; u < leftCount; u++) {
      if (matchOfLeft[u] === -1) {
        layer[u] = 0;
        queue[tail++] = u;
      } else {
        layer[u] = UNREACHED;
      }
    }
    let shortest = UNREACHED;
    while (head < tail) {
      const u = queue[head++];
      if (layer[u] >= shortest) {
        break;
      }
      for (let e = start[u]; e < start[u + 1]; e++) {
        const w = matchOfRight[adjacency[e]];
        if (w === -1) {
          shortest = Math.min(shortest, layer[u] + 1);
        } else if (layer[w] === UNREACHED) {
          layer[w] = layer[u] + 1;
          queue[tail++] = w;
        }
      }
    }
    if (shortest === UNREACHED) {
      return { size, matchOfLeft, matchOfRight };
    }

    // DFS along the layers from each free left vertex.
    cursor.set(start.subarray(0, leftCount));
    for (let root = 0; root < leftCount; root++) {
      if (matchOfLeft[root] === -1 && augmentFrom(root)) {
        size++;
      }
    }
  }

  function augmentFrom(root: number): boolean {
    let depth = 0;
    stack[depth++] = root;
    while (depth > 0) {
      const u = stack[depth - 1];
      if (cursor[u] === start[u + 1]) {
        // Dead end: no shortest augmenting path runs through u this phase.
        layer[u] = UNREACHED;
        depth--;
        if (depth > 0) {
          cursor[stack[depth - 1]]++;
        }
        continue;
      }
      const v = adjacency[cursor[u]];
      const w = matchOfRight[v];
      if (w === -1) {
        // Flip the path: every left vertex on the stack takes the right
        // vertex its cursor points at.
        for (let k = 0; k < depth; k++) {
          const left = stack[k];
          const right = adjacency[cursor[left]];
          matchOfLeft[left] = right;
          matchOfRight[right] = left;
        }
        return true;
      }
      if (layer[w] === layer[u] + 1) {
        stack[depth++] = w;
      } else {
        cursor[u]++;
      }
    }
    return false;
  }
}

function greedySeed(graph: BipartiteGraph, matchOfLeft: Int32Array, matchOfRight: Int32Array): number {
  let size = 0;
  for (let u = 0; u < graph.leftCount; u++) {
    for (let e = graph.start[u]; e < graph.start[u + 1]; e++) {
      const v = graph.adjacency[e];
      if (matchOfRight[v] === -1) {
        matchOfLeft[u] = v;
        matchOfRight[v] = u;
        size++;
        break;
      }
    }
  }
  return size;
}
