/**
 * A bipartite graph in compressed sparse row form: left vertices 0..leftCount-1,
 * right vertices 0..rightCount-1, and the right neighbours of left vertex u in
 * `adjacency[start[u] .. start[u + 1])`, ascending and without duplicates.
 * Typed arrays keep a 2.5-million-edge graph at ~10 MB and fast to walk.
 */
export interface BipartiteGraph {
  readonly leftCount: number;
  readonly rightCount: number;
  readonly start: Int32Array;
  readonly adjacency: Int32Array;
}

/**
 * Builds the graph from parallel edge arrays (edge i joins left[i] and
 * right[i]). Duplicate edges are dropped. Neighbour lists come out sorted, so
 * the same edge set always gives the same graph whatever the input order:
 * the matching and the plan built on it are then deterministic.
 */
export function bipartiteGraphOf(
  leftCount: number,
  rightCount: number,
  left: Int32Array,
  right: Int32Array,
): BipartiteGraph {
  if (left.length !== right.length) {
    throw new RangeError(`edge arrays differ in length: ${left.length} and ${right.length}`);
  }
  const edgeCount = left.length;
  // Counting sort by right vertex, then a stable counting sort by left vertex:
  // each left vertex's neighbours end up ascending, in O(V + E).
  const byRight = countingSort(right, rightCount, identityOrder(edgeCount));
  const byLeft = countingSort(left, leftCount, byRight);

  const start = new Int32Array(leftCount + 1);
  const adjacency = new Int32Array(edgeCount);
  let written = 0;
  let edge = 0;
  for (let u = 0; u < leftCount; u++) {
    start[u] = written;
    let previous = -1;
    while (edge < edgeCount && left[byLeft[edge]] === u) {
      const v = right[byLeft[edge]];
      if (v !== previous) {
        adjacency[written++] = v;
        previous = v;
      }
      edge++;
    }
  }
  start[leftCount] = written;
  return { leftCount, rightCount, start, adjacency: adjacency.slice(0, written) };
}

export function edgeCountOf(graph: BipartiteGraph): number {
  return graph.start[graph.leftCount];
}

function identityOrder(length: number): Int32Array {
  const order = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    order[i] = i;
  }
  return order;
}

/** Stable reorder of `order` by `key[order[i]]`, keys in 0..keyCount-1. */
function countingSort(keys: Int32Array, keyCount: number, order: Int32Array): Int32Array {
  const counts = new Int32Array(keyCount + 1);
  for (let i = 0; i < order.length; i++) {
    const key = keys[order[i]];
    if (key < 0 || key >= keyCount) {
      throw new RangeError(`vertex ${key} is outside 0..${keyCount - 1}`);
    }
    counts[key + 1]++;
  }
  for (let k = 0; k < keyCount; k++) {
    counts[k + 1] += counts[k];
  }
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    sorted[counts[keys[order[i]]]++] = order[i];
  }
  return sorted;
}
