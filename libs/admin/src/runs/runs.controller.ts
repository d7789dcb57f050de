import { Controller, Get, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '@switchboard/auth';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import type { AdminRequest } from '../core/admin-request';
import type { Page } from '../core/pagination';
import { ApiProblems } from '../core/problem.dto';
import { RunDetailDto, RunPageDto } from './run-views.dto';
import { RunListQuery, type RunDetailView, type RunSummaryView } from './runs.dto';
import { RunsService } from './runs.service';

/** `/api/v1/runs`: what the orchestrator did, step by step. */
@ApiTags('runs')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Get()
  @Requires('runs:read')
  @ApiOperation({ summary: "List the tenant's runs, oldest first, filtered by flow, status or incident" })
  @ApiOkResponse({ type: RunPageDto })
  @ApiProblems(400)
  list(@Req() request: AdminRequest, @Query() query: RunListQuery): Promise<Page<RunSummaryView>> {
    return this.runs.list(request, query);
  }

  @Get(':id')
  @Requires('runs:read')
  @ApiOperation({
    summary:
      'One run: its steps in order (state, input, output, error, explanation, timings), the flow version it pinned, and its timeline',
    description: 'A failed run says why in `error`; the failed step carries the code and message.',
  })
  @ApiOkResponse({ type: RunDetailDto })
  @ApiProblems(400, 404)
  get(@Req() request: AdminRequest, @Param('id', ParseUUIDPipe) id: string): Promise<RunDetailView> {
    return this.runs.get(request, id);
  }
}
