import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '@switchboard/auth';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import type { Response } from 'express';
import type { AdminRequest } from '../core/admin-request';
import { ApiIfMatch, withETag } from '../core/etag';
import type { Page } from '../core/pagination';
import { ApiProblems } from '../core/problem.dto';
import { ApprovalPageDto, ApprovalViewDto } from './approval-views.dto';
import { ApprovalListQuery, DecideApprovalDto, type ApprovalView } from './approvals.dto';
import { ApprovalsService, type Decision } from './approvals.service';

const DECISION_RULES =
  'Needs `approvals:decide` (approver, admin). The identity that requested the action can never decide it (403); ' +
  'only a pending approval within its TTL can be decided (409 otherwise). The decision is audited and the run moves on at once.';

/** `/api/v1/approvals`: human gates on runs. */
@ApiTags('approvals')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get()
  @Requires('approvals:read')
  @ApiOperation({ summary: "List the tenant's approvals, oldest first, filtered by status or run" })
  @ApiOkResponse({ type: ApprovalPageDto })
  @ApiProblems(400)
  list(@Req() request: AdminRequest, @Query() query: ApprovalListQuery): Promise<Page<ApprovalView>> {
    return this.approvals.list(request, query);
  }

  @Get(':id')
  @Requires('approvals:read')
  @ApiOperation({ summary: 'One approval; the ETag header is what If-Match needs to decide it' })
  @ApiOkResponse({ type: ApprovalViewDto })
  @ApiProblems(400, 404)
  async get(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApprovalView> {
    const view = await this.approvals.get(request, id);
    return withETag(response, view.version, view);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Requires('approvals:decide')
  @ApiOperation({ summary: 'Approve: the gated step runs', description: DECISION_RULES })
  @ApiOkResponse({ type: ApprovalViewDto })
  @ApiIfMatch()
  @ApiProblems(400, 404, 409)
  approve(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecideApprovalDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApprovalView> {
    return this.decide(request, id, 'approved', body, ifMatch, response);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Requires('approvals:decide')
  @ApiOperation({
    summary: 'Reject: the gated step fails and the run fails, saying who rejected it',
    description: DECISION_RULES,
  })
  @ApiOkResponse({ type: ApprovalViewDto })
  @ApiIfMatch()
  @ApiProblems(400, 404, 409)
  reject(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecideApprovalDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApprovalView> {
    return this.decide(request, id, 'rejected', body, ifMatch, response);
  }

  private async decide(
    request: AdminRequest,
    id: string,
    decision: Decision,
    body: DecideApprovalDto,
    ifMatch: string | undefined,
    response: Response,
  ): Promise<ApprovalView> {
    const view = await this.approvals.decide(request, id, decision, body.reason, ifMatch);
    return withETag(response, view.version, view);
  }
}
