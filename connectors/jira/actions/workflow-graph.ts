import type { StatusCategoryKey } from '../mapping/value-maps';

/** A status as the walk sees it. */
export interface StatusNode {
  id: string;
  name: string;
  category?: StatusCategoryKey | string;
}

/** A transition offered from a status: its id and where it leads. */
export interface WorkflowEdge {
  transitionId: string;
  name: string;
  to: StatusNode;
}

/**
 * What the connector has learnt of one workflow (a project and issue type). Jira tells a client
 * only the transitions offered from an issue's current status (`GET …/transitions`); reading the
 * whole workflow needs admin rights an integration user rarely has. So the graph is learnt one
 * status at a time, kept in the instance state, and searched breadth-first: once a path has been
 * walked, the next status change on that workflow plans it without exploring.
 */
export class WorkflowGraph {
  private readonly edges: Record<string, WorkflowEdge[]>;

  constructor(edges: Record<string, WorkflowEdge[]> = {}) {
    this.edges = { ...edges };
  }

  /** The transitions Jira offered from `from` just now (replacing what was known). */
  record(from: string, offered: readonly WorkflowEdge[]): void {
    this.edges[from] = [...offered];
  }

  /** For the state store. */
  toJSON(): Record<string, WorkflowEdge[]> {
    return this.edges;
  }

  /**
   * The best known path from `from` to a status `accept` ranks: the lowest rank (a status named in
   * the map beats one matched by category alone), then the fewest transitions; never through
   * `avoid`.
   */
  shortestPath(
    from: string,
    accept: (status: StatusNode) => number | undefined,
    avoid: ReadonlySet<string> = new Set(),
  ): WorkflowEdge[] | undefined {
    let best: { path: WorkflowEdge[]; rank: number } | undefined;
    const seen = new Set<string>([from]);
    let frontier: { at: string; path: WorkflowEdge[] }[] = [{ at: from, path: [] }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const { at, path } of frontier)
        for (const edge of this.edges[at] ?? []) {
          if (seen.has(edge.to.id) || avoid.has(edge.to.id)) continue;
          seen.add(edge.to.id);
          const route = [...path, edge];
          const rank = accept(edge.to);
          // Breadth-first, so the first path found at a rank is a shortest one.
          if (rank !== undefined && (!best || rank < best.rank)) best = { path: route, rank };
          next.push({ at: edge.to.id, path: route });
        }
      frontier = next;
    }
    return best?.path;
  }
}
