import { bipartiteGraphOf, edgeCountOf, type BipartiteGraph } from './bipartite-graph';
import { maximumMatching } from './hopcroft-karp';
import { minimumVertexCover } from './minimum-vertex-cover';
import { seededRandom } from './planning-test-support';

function graphOf(leftCount: number, rightCount: number, edges: [number, number][]): BipartiteGraph {
  return bipartiteGraphOf(
    leftCount,
    rightCount,
    Int32Array.from(edges.map((e) => e[0])),
    Int32Array.from(edges.map((e) => e[1])),
  );
}

function edgesOf(graph: BipartiteGraph): [number, number][] {
  const edges: [number, number][] = [];
  for (let u = 0; u < graph.leftCount; u++) {
    for (let e = graph.start[u]; e < graph.start[u + 1]; e++) {
      edges.push([u, graph.adjacency[e]]);
    }
  }
  return edges;
}

/** Largest matching by trying every subset of edges: tiny graphs only. */
function bruteForceMatchingSize(edges: [number, number][]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << edges.length; mask++) {
    const left = new Set<number>();
    const right = new Set<number>();
    let ok = true;
    for (let i = 0; i < edges.length && ok; i++) {
      if (mask & (1 << i)) {
        ok = !left.has(edges[i][0]) && !right.has(edges[i][1]);
        left.add(edges[i][0]);
        right.add(edges[i][1]);
      }
    }
    if (ok) {
      best = Math.max(best, left.size);
    }
  }
  return best;
}

function randomGraph(random: () => number, maxSide: number, density: number): BipartiteGraph {
  const leftCount = 1 + Math.floor(random() * maxSide);
  const rightCount = 1 + Math.floor(random() * maxSide);
  const edges: [number, number][] = [];
  for (let u = 0; u < leftCount; u++) {
    for (let v = 0; v < rightCount; v++) {
      if (random() < density) {
        edges.push([u, v]);
      }
    }
  }
  return graphOf(leftCount, rightCount, edges);
}

describe('bipartiteGraphOf', () => {
  it('sorts neighbours and drops duplicate edges', () => {
    const graph = graphOf(2, 3, [
      [1, 2],
      [0, 2],
      [1, 0],
      [0, 2],
      [1, 2],
    ]);
    expect(Array.from(graph.start)).toEqual([0, 1, 3]);
    expect(Array.from(graph.adjacency)).toEqual([2, 0, 2]);
    expect(edgeCountOf(graph)).toBe(3);
  });

  it('rejects a vertex outside the sides and edge arrays of different lengths', () => {
    expect(() => graphOf(2, 2, [[2, 0]])).toThrow('vertex 2 is outside 0..1');
    expect(() => graphOf(2, 2, [[0, -1]])).toThrow('vertex -1 is outside 0..1');
    expect(() => bipartiteGraphOf(1, 1, new Int32Array(1), new Int32Array(2))).toThrow('differ in length');
  });
});

describe('maximumMatching (Hopcroft–Karp)', () => {
  it('finds the augmenting path the greedy seed misses', () => {
    // Greedy gives 0-0 and leaves 1 free; the maximum is 0-1, 1-0.
    const matching = maximumMatching(
      graphOf(2, 2, [
        [0, 0],
        [0, 1],
        [1, 0],
      ]),
    );
    expect(matching.size).toBe(2);
    expect(Array.from(matching.matchOfLeft)).toEqual([1, 0]);
    expect(Array.from(matching.matchOfRight)).toEqual([1, 0]);
  });

  it('follows a long augmenting path without recursion', () => {
    // u(i) has v(i) and v(i+1); the last left vertex has only v0. Greedy
    // matches u(i)-v(i) and leaves the last one free, and the only augmenting
    // path runs through all 2n vertices: deeper than a recursive DFS could go.
    const n = 20_000;
    const edges: [number, number][] = [[n - 1, 0]];
    for (let i = 0; i < n - 1; i++) {
      edges.push([i, i], [i, i + 1]);
    }
    const matching = maximumMatching(graphOf(n, n, edges));
    expect(matching.size).toBe(n);
    expect(matching.matchOfLeft[n - 1]).toBe(0);
    expect(matching.matchOfLeft[0]).toBe(1);
    expect(matching.matchOfLeft[n - 2]).toBe(n - 1);
  });

  it('matches as many as brute force on random small graphs', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 300; round++) {
      const graph = randomGraph(random, 4, 0.2 + random() * 0.4);
      const edges = edgesOf(graph);
      if (edges.length > 14) {
        continue;
      }
      const matching = maximumMatching(graph);
      expect(matching.size).toBe(bruteForceMatchingSize(edges));
      for (let u = 0; u < graph.leftCount; u++) {
        const v = matching.matchOfLeft[u];
        if (v !== -1) {
          expect(matching.matchOfRight[v]).toBe(u);
          expect(edges).toContainEqual([u, v]);
        }
      }
    }
  });
});

describe('minimumVertexCover (König)', () => {
  it('covers every edge with exactly as many vertices as the maximum matching', () => {
    const random = seededRandom(42);
    for (let round = 0; round < 200; round++) {
      const graph = randomGraph(random, 30, random() * 0.3);
      const cover = minimumVertexCover(graph);
      for (const [u, v] of edgesOf(graph)) {
        expect(cover.left[u] + cover.right[v]).toBeGreaterThan(0);
      }
      const chosen = cover.left.reduce((a, b) => a + b, 0) + cover.right.reduce((a, b) => a + b, 0);
      expect(chosen).toBe(cover.size);
      expect(cover.size).toBe(maximumMatching(graph).size);
    }
  });

  it('is empty for a graph without edges', () => {
    const cover = minimumVertexCover(graphOf(3, 2, []));
    expect(cover.size).toBe(0);
    expect(Array.from(cover.left)).toEqual([0, 0, 0]);
    expect(Array.from(cover.right)).toEqual([0, 0]);
  });
});
