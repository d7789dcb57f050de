import { SwitchboardError, type ConnectorContext } from '@switchboard/connector-sdk';
import type { TicketStatus } from '@switchboard/events';
import { markdownToAdf } from '../adf/markdown-to-adf.converter';
import type { JiraTransition } from '../api/jira-api.types';
import { historyMetadata } from '../api/history-metadata';
import { asRecord, expectRecord, list, malformedResponse, text } from '../api/jira-json';
import { JiraPaths } from '../api/jira-paths';
import type { JiraConfig } from '../jira.config';
import { valueMaps, type JiraValueMaps, type StatusTarget } from '../mapping/value-maps';
import { WorkflowGraph, type StatusNode, type WorkflowEdge } from './workflow-graph';

/** What a status change needs to know about the issue. */
export interface StatusChange {
  issueKey: string;
  current: StatusNode;
  /** The workflow the issue follows: `<project>:<issue type>` (graphs are learnt per workflow). */
  workflow: string;
  target: TicketStatus;
  /** Written into `historyMetadata` of each transition (echo suppression). */
  changeId: string;
  /** Markdown; added as a comment by the last transition (a resolution note). */
  note?: string;
}

/**
 * Moves an issue to the Jira status standing for `target`, the way a person would: the transition
 * Jira offers to it when there is one; else the path the learnt workflow graph knows; else one step
 * towards the target's status category at a time, never back to a status already visited, at most
 * `maxTransitionSteps` steps. Resolves with the transitions made (none when already there).
 */
export async function reachStatus(
  ctx: ConnectorContext<JiraConfig>,
  change: StatusChange,
): Promise<string[]> {
  const maps = valueMaps(ctx.config);
  const target = maps.statusTarget(change.target);
  const accept = acceptor(maps, target);
  const stateKey = `workflow:${change.workflow}`;
  const graph = new WorkflowGraph((await ctx.state.get<Record<string, WorkflowEdge[]>>(stateKey)) ?? {});
  const visited = new Set<string>([change.current.id]);
  const taken: string[] = [];
  let current = change.current;

  while (accept(current) === undefined) {
    const offered = await offeredTransitions(ctx, change.issueKey);
    graph.record(
      current.id,
      offered.map((t) => t.edge),
    );
    await ctx.state.set(stateKey, graph.toJSON());

    const direct = best(offered, (t) => accept(t.edge.to));
    const planned = direct ? undefined : graph.shortestPath(current.id, accept, visited)?.[0];
    const step =
      direct ??
      offered.find(
        (t) => planned && t.edge.transitionId === planned.transitionId && t.edge.to.id === planned.to.id,
      ) ??
      towards(offered, current, target, visited, maps);
    if (!step || taken.length >= ctx.config.maxTransitionSteps)
      throw noPath(change, target, current, offered, taken, ctx.config.maxTransitionSteps);

    const last = accept(step.edge.to) !== undefined;
    await transition(ctx, change, step, target, last ? change.note : undefined);
    taken.push(`${step.edge.name} → ${step.edge.to.name}`);
    current = step.edge.to;
    visited.add(current.id);
  }
  return taken;
}

/** Ranks a status as a target: its place among the mapped names, else the category fallback. */
function acceptor(maps: JiraValueMaps, target: StatusTarget): (status: StatusNode) => number | undefined {
  const names = target.names.map((name) => name.toLowerCase());
  return (status) => {
    const index = names.indexOf(status.name.toLowerCase());
    if (index >= 0) return index;
    // An unmapped status of the right category will do; one mapped to another canonical status not.
    return maps.statusOfName(status.name) === undefined && status.category === target.category
      ? names.length
      : undefined;
  };
}

interface Offered {
  edge: WorkflowEdge;
  raw: JiraTransition;
}

async function offeredTransitions(ctx: ConnectorContext<JiraConfig>, issueKey: string): Promise<Offered[]> {
  const path = JiraPaths.transitions(issueKey);
  const { data } = await ctx.http.get<unknown>(path, {
    query: { expand: 'transitions.fields' },
    signal: ctx.signal,
  });
  const transitions = expectRecord(`GET ${path}`, data).transitions;
  if (!Array.isArray(transitions)) throw malformedResponse(`GET ${path}`, 'transitions is not a list', data);
  const offered: Offered[] = [];
  for (const raw of list(transitions)) {
    const transition = (asRecord(raw) ?? {}) as JiraTransition;
    const to = asRecord(transition.to);
    const id = text(transition.id);
    const toId = text(to?.id);
    // A transition without an id or a target cannot be taken: skip it rather than fail the change.
    if (!id || !toId) continue;
    const category = text(asRecord(to?.statusCategory)?.key);
    offered.push({
      edge: {
        transitionId: id,
        name: text(transition.name) ?? id,
        to: { id: toId, name: text(to?.name) ?? toId, ...(category && { category }) },
      },
      raw: transition,
    });
  }
  return offered;
}

function best<T>(items: readonly T[], rank: (item: T) => number | undefined): T | undefined {
  let found: { item: T; rank: number } | undefined;
  for (const item of items) {
    const r = rank(item);
    if (r !== undefined && (!found || r < found.rank)) found = { item, rank: r };
  }
  return found?.item;
}

const CATEGORY_ORDER: Readonly<Record<string, number>> = { new: 0, indeterminate: 1, done: 2 };

/**
 * Exploring: an unvisited status no farther from the target's category than the current one. A
 * status of the target's category that the map gives to another canonical status (Won't Do when
 * the target is resolved) is another ending, not a way through: never taken.
 */
function towards(
  offered: readonly Offered[],
  current: StatusNode,
  target: StatusTarget,
  visited: ReadonlySet<string>,
  maps: JiraValueMaps,
): Offered | undefined {
  const goal = CATEGORY_ORDER[target.category]!;
  const distance = (status: StatusNode) => Math.abs((CATEGORY_ORDER[status.category ?? ''] ?? 1) - goal);
  const otherEnding = (status: StatusNode) =>
    status.category === target.category && maps.statusOfName(status.name) !== undefined;
  return best(
    offered.filter(
      (t) =>
        !visited.has(t.edge.to.id) && !otherEnding(t.edge.to) && distance(t.edge.to) <= distance(current),
    ),
    (t) => distance(t.edge.to),
  );
}

async function transition(
  ctx: ConnectorContext<JiraConfig>,
  change: StatusChange,
  step: Offered,
  target: StatusTarget,
  note: string | undefined,
): Promise<void> {
  const fields: Record<string, unknown> = {};
  const resolution = step.raw.fields?.resolution;
  if (resolution?.required && !resolution.hasDefaultValue) {
    const name = resolutionFor(
      target.status,
      (resolution.allowedValues ?? []).map((v) => v.name ?? '').filter(Boolean),
    );
    if (name) fields.resolution = { name };
  }
  await ctx.http.post(
    JiraPaths.transitions(change.issueKey),
    {
      transition: { id: step.edge.transitionId },
      ...(Object.keys(fields).length > 0 && { fields }),
      ...(note && { update: { comment: [{ add: { body: markdownToAdf(note) } }] } }),
      historyMetadata: historyMetadata(change.changeId),
    },
    { signal: ctx.signal },
  );
}

/** A resolution a transition screen requires: one that says what the target says. */
function resolutionFor(status: TicketStatus, names: readonly string[]): string | undefined {
  const pattern =
    status === 'canceled' ? /won.?t|cancel|declin|reject|duplicate/i : /done|fixed|resolved|complete/i;
  return names.find((name) => pattern.test(name)) ?? names[0];
}

function noPath(
  change: StatusChange,
  target: StatusTarget,
  at: StatusNode,
  offered: readonly Offered[],
  taken: readonly string[],
  maxSteps: number,
): SwitchboardError {
  const wanted = `${target.names.map((n) => `"${n}"`).join(', ')} or an unmapped ${target.category} status`;
  const options = offered.map((t) => `${t.edge.name} → ${t.edge.to.name}`).join('; ') || 'none';
  const walked = taken.length > 0 ? ` after ${taken.join(', ')}` : '';
  const why = taken.length >= maxSteps ? `within ${maxSteps} transitions` : 'that leads closer';
  return SwitchboardError.permanent(
    `Jira offers no transition ${why} from "${at.name}" to ${change.target} (${wanted}) for ${change.issueKey}${walked}; offered: ${options}. Map the status (statusMap) or raise maxTransitionSteps.`,
  );
}
