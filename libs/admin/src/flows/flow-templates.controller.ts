import { Body, Controller, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Requires } from '@switchboard/auth';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import type { Response } from 'express';
import type { AdminRequest } from '../core/admin-request';
import { createdWithETag } from '../core/etag';
import { ApiProblems } from '../core/problem.dto';
import { AlertToTicketConfigDto, FlowTemplateQuery } from './alert-to-ticket.dto';
import { FlowTemplatePreviewDto, FlowViewDto } from './flow-views.dto';
import type { FlowTemplatePreview } from './flow-templates.service';
import { FlowTemplatesService } from './flow-templates.service';
import { INVALID_FLOW } from './flows.controller';
import type { FlowView } from './flows.dto';

/** `/api/v1/flows/templates/…`: built-in flows, made from a small config into an ordinary flow. */
@ApiTags('flows')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/flows/templates')
export class FlowTemplatesController {
  constructor(private readonly templates: FlowTemplatesService) {}

  @Post('alert-to-ticket')
  @Requires('flows:write')
  @ApiOperation({
    summary:
      'Create the built-in "alert-to-ticket" flow from its config (or, with ?dryRun=true, only show it)',
    description:
      'A ticket per alert episode in a ticketing instance: commented when the alert fires again, commented and ' +
      'resolved when it resolves, and optionally reopened when a resolved alert comes back. The result is a ' +
      'normal flow (versioned, editable, enable/disable). With `dryRun=true` the answer is 200 with the ' +
      'definition and what validation found, and nothing is saved.',
  })
  @ApiCreatedResponse({
    type: FlowViewDto,
    description: 'The flow it created; its ETag header is what If-Match needs',
  })
  @ApiOkResponse({ type: FlowTemplatePreviewDto, description: '`dryRun=true`: the flow it would create' })
  @ApiProblems(400, 409)
  @ApiResponse(INVALID_FLOW)
  async alertToTicket(
    @Req() request: AdminRequest,
    @Body() body: AlertToTicketConfigDto,
    @Query() query: FlowTemplateQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FlowView | FlowTemplatePreview> {
    const outcome = await this.templates.alertToTicket(request, body, query.dryRun === 'true');
    if ('preview' in outcome) {
      response.status(200);
      return outcome.preview;
    }
    response.status(201);
    return createdWithETag(response, '/api/v1/flows', outcome.saved.revision, outcome.saved);
  }
}
