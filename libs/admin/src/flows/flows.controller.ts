import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Requires } from '@switchboard/auth';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import type { Response } from 'express';
import type { AdminRequest } from '../core/admin-request';
import { ApiIfMatch, createdWithETag, withETag } from '../core/etag';
import { PageQuery, type Page } from '../core/pagination';
import { ApiProblems, ProblemDto } from '../core/problem.dto';
import {
  FlowPageDto,
  FlowValidationDto,
  FlowVersionPageDto,
  FlowVersionViewDto,
  FlowViewDto,
} from './flow-views.dto';
import {
  CreateFlowDto,
  UpdateFlowDto,
  type FlowValidation,
  type FlowVersionView,
  type FlowView,
} from './flows.dto';
import { FlowsService } from './flows.service';

export const INVALID_FLOW = {
  status: 422,
  description: 'The definition is not valid (see `errors`, one per problem, each with its path)',
  type: ProblemDto,
};

/** Bodies of the routes that take a definition: JSON, or the same document as YAML. */
export const FLOW_MEDIA_TYPES = ['application/json', 'application/yaml'];

/** `/api/v1/flows`: versioned flows of the caller's tenant, with validate, enable and disable. */
@ApiTags('flows')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Post()
  @Requires('flows:write')
  @ApiOperation({
    summary: 'Create a flow (version 1); the definition is validated against the tenant’s instances first',
    description: 'The body is JSON, or the same document in YAML with `Content-Type: application/yaml`.',
  })
  @ApiConsumes(...FLOW_MEDIA_TYPES)
  @ApiCreatedResponse({ type: FlowViewDto, description: 'The flow; its ETag header is what If-Match needs' })
  @ApiProblems(400, 409)
  @ApiResponse(INVALID_FLOW)
  async create(
    @Req() request: AdminRequest,
    @Body() body: CreateFlowDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FlowView> {
    const view = await this.flows.create(request, body);
    return createdWithETag(response, '/api/v1/flows', view.revision, view);
  }

  @Post('validate')
  @HttpCode(200)
  @Requires('flows:write')
  @ApiOperation({
    summary: 'Validate a definition without saving it: 200 with `valid` and the errors a create would give',
  })
  @ApiConsumes(...FLOW_MEDIA_TYPES)
  @ApiOkResponse({ type: FlowValidationDto })
  @ApiProblems(400)
  validate(@Req() request: AdminRequest, @Body() body: CreateFlowDto): Promise<FlowValidation> {
    return this.flows.validate(request, body);
  }

  @Get()
  @Requires('flows:read')
  @ApiOperation({ summary: "List the tenant's flows with their current definitions, oldest first" })
  @ApiOkResponse({ type: FlowPageDto })
  @ApiProblems(400)
  list(@Req() request: AdminRequest, @Query() query: PageQuery): Promise<Page<FlowView>> {
    return this.flows.list(request, query.limit, query.cursor);
  }

  @Get(':id')
  @Requires('flows:read')
  @ApiOperation({ summary: 'One flow with its current definition; the ETag header is what If-Match needs' })
  @ApiOkResponse({ type: FlowViewDto })
  @ApiProblems(400, 404)
  async get(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FlowView> {
    const view = await this.flows.get(request, id);
    return withETag(response, view.revision, view);
  }

  @Get(':id/versions')
  @Requires('flows:read')
  @ApiOperation({ summary: 'Every version of a flow, newest first' })
  @ApiOkResponse({ type: FlowVersionPageDto })
  @ApiProblems(400, 404)
  versions(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<FlowVersionView>> {
    return this.flows.versions(request, id, query.limit, query.cursor);
  }

  @Get(':id/versions/:version')
  @Requires('flows:read')
  @ApiOperation({ summary: 'One version of a flow, as it was saved (versions never change; runs pin them)' })
  @ApiParam({ name: 'version', type: Number, example: 2, description: '1, 2, 3, …' })
  @ApiOkResponse({ type: FlowVersionViewDto })
  @ApiProblems(400, 404)
  version(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    // Checked by the service once the flow is known: another tenant's flow is a 404 whatever the version.
    @Param('version') version: string,
  ): Promise<FlowVersionView> {
    return this.flows.version(request, id, version);
  }

  @Patch(':id')
  @Requires('flows:write')
  @ApiOperation({
    summary:
      'Change a flow: a new version with the given fields replaced (`description`/`config: null` remove them)',
    description: 'Runs already started keep the version they pinned. JSON or YAML, as for create.',
  })
  @ApiConsumes(...FLOW_MEDIA_TYPES)
  @ApiOkResponse({ type: FlowViewDto })
  @ApiIfMatch()
  @ApiProblems(400, 404, 409)
  @ApiResponse(INVALID_FLOW)
  async update(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateFlowDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FlowView> {
    const view = await this.flows.update(request, id, body, ifMatch);
    return withETag(response, view.revision, view);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Requires('flows:write')
  @ApiOperation({ summary: 'Enable a flow: new events start runs of its current version' })
  @ApiOkResponse({ type: FlowViewDto })
  @ApiIfMatch()
  @ApiProblems(400, 404)
  enable(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FlowView> {
    return this.setEnabled(request, id, true, ifMatch, response);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Requires('flows:write')
  @ApiOperation({ summary: 'Disable a flow: no new runs; runs already started finish' })
  @ApiOkResponse({ type: FlowViewDto })
  @ApiIfMatch()
  @ApiProblems(400, 404)
  disable(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FlowView> {
    return this.setEnabled(request, id, false, ifMatch, response);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('flows:write')
  @ApiOperation({ summary: 'Delete a flow; its versions are kept for the runs that pinned them' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiIfMatch()
  @ApiProblems(400, 404)
  async remove(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.flows.remove(request, id, ifMatch);
  }

  private async setEnabled(
    request: AdminRequest,
    id: string,
    enabled: boolean,
    ifMatch: string | undefined,
    response: Response,
  ): Promise<FlowView> {
    const view = await this.flows.setEnabled(request, id, enabled, ifMatch);
    return withETag(response, view.revision, view);
  }
}
