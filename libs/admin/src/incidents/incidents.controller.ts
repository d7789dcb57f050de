import { Controller, Get, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '@switchboard/auth';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import type { AdminRequest } from '../core/admin-request';
import type { Page } from '../core/pagination';
import { ApiProblems } from '../core/problem.dto';
import { IncidentDetailDto, IncidentPageDto } from './incident-views.dto';
import { IncidentListQuery, type IncidentDetailView, type IncidentSummaryView } from './incidents.dto';
import { IncidentsService } from './incidents.service';

/** `/api/v1/incidents`: alert episodes correlated by the orchestrator, with what was done about them. */
@ApiTags('incidents')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @Requires('incidents:read')
  @ApiOperation({
    summary:
      "List the tenant's incidents by opening time, oldest first, filtered by status, dedupKey, from/to",
  })
  @ApiOkResponse({ type: IncidentPageDto })
  @ApiProblems(400)
  list(@Req() request: AdminRequest, @Query() query: IncidentListQuery): Promise<Page<IncidentSummaryView>> {
    return this.incidents.list(request, query);
  }

  @Get(':id')
  @Requires('incidents:read')
  @ApiOperation({ summary: 'One incident: its alerts, ticket links, runs and timeline' })
  @ApiOkResponse({ type: IncidentDetailDto })
  @ApiProblems(400, 404)
  get(@Req() request: AdminRequest, @Param('id', ParseUUIDPipe) id: string): Promise<IncidentDetailView> {
    return this.incidents.get(request, id);
  }
}
