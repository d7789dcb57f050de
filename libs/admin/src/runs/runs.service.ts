import { Injectable } from '@nestjs/common';
import { SwitchboardError } from '@switchboard/errors';
import { ApprovalRecord, FlowVersion, RunRecord, RunStepRecord } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { PAGE_LIMIT_DEFAULT, paginateByCreated, type Page } from '../core/pagination';
import { timelineOf, toStepView, toSummary } from './run-records';
import type { RunDetailView, RunListQuery, RunSummaryView } from './runs.dto';

/** What runs show of the version they pinned. */
interface PinnedFlow {
  name: string;
  definition: Record<string, unknown>;
}

/**
 * Runs of one tenant, read-only: lists with filters, and one run with its steps in order, the
 * flow version it pinned (still there when the flow was changed or deleted since) and a timeline.
 */
@Injectable()
export class RunsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(request: AdminRequest, query: RunListQuery): Promise<Page<RunSummaryView>> {
    const { tenantId } = principalOf(request);
    const builder = this.dataSource
      .getRepository(RunRecord)
      .createQueryBuilder('run')
      .where('run.tenantId = :tenantId', { tenantId });
    if (query.flowId !== undefined) builder.andWhere('run.flowId = :flowId', { flowId: query.flowId });
    if (query.status !== undefined) builder.andWhere('run.status = :status', { status: query.status });
    if (query.incidentId !== undefined)
      builder.andWhere('run.incidentId = :incidentId', { incidentId: query.incidentId });
    const page = await paginateByCreated(
      builder,
      'run',
      query.limit ?? PAGE_LIMIT_DEFAULT,
      query.cursor,
      (run) => run,
    );
    const flows = await this.pinnedFlows(tenantId, page.items);
    return {
      items: page.items.map((run) =>
        toSummary(run, flows.get(`${run.flowId}@${run.flowVersion}`)?.name ?? ''),
      ),
      nextCursor: page.nextCursor,
    };
  }

  async get(request: AdminRequest, id: string): Promise<RunDetailView> {
    const { tenantId } = principalOf(request);
    // Another tenant's run is indistinguishable from a missing one.
    const run = await this.dataSource.getRepository(RunRecord).findOneBy({ id, tenantId });
    if (!run) throw SwitchboardError.notFound(`No run ${id}`);
    const [rows, approvals, flows] = await Promise.all([
      this.dataSource.getRepository(RunStepRecord).find({ where: { runId: id }, order: { seq: 'ASC' } }),
      this.dataSource
        .getRepository(ApprovalRecord)
        .find({ where: { runId: id, tenantId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.pinnedFlows(tenantId, [run]),
    ]);
    const flow = flows.get(`${run.flowId}@${run.flowVersion}`) ?? { name: '', definition: {} };
    const steps = rows.map(toStepView);
    return {
      ...toSummary(run, flow.name),
      flow: { id: run.flowId, name: flow.name, version: run.flowVersion, definition: flow.definition },
      steps,
      timeline: timelineOf(run, flow.name, steps, approvals),
    };
  }

  /** The flow versions these runs pinned, by `<flowId>@<version>` (versions outlive their flow). */
  private async pinnedFlows(tenantId: string, runs: RunRecord[]): Promise<Map<string, PinnedFlow>> {
    const keys = new Map(runs.map((run) => [`${run.flowId}@${run.flowVersion}`, run]));
    if (keys.size === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(FlowVersion)
      .findBy([...keys.values()].map((run) => ({ flowId: run.flowId, version: run.flowVersion, tenantId })));
    return new Map(
      rows.map((row) => {
        const definition = JSON.parse(row.definition) as Record<string, unknown>;
        return [`${row.flowId}@${row.version}`, { name: String(definition.name ?? ''), definition }];
      }),
    );
  }
}
