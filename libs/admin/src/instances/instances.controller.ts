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
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  InstanceHealthDto,
  InstancePageDto,
  InstanceTestResultDto,
  InstanceViewDto,
} from './instance-views.dto';
import { Requires } from '@switchboard/auth';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import type { Response } from 'express';
import type { AdminRequest } from '../core/admin-request';
import { ApiIfMatch, createdWithETag, withETag } from '../core/etag';
import { PageQuery, type Page } from '../core/pagination';
import { ApiProblems, ProblemDto } from '../core/problem.dto';
import {
  CreateInstanceDto,
  UpdateInstanceDto,
  type InstanceHealthView,
  type InstanceTestResult,
  type InstanceView,
} from './instances.dto';
import { InstancesService } from './instances.service';

/** `/api/v1/instances`: configured connectors of the caller's tenant. Secrets are write-only. */
@ApiTags('instances')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/instances')
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

  @Post()
  @ApiCreatedResponse({
    type: InstanceViewDto,
    description: 'The instance; its ETag header is what If-Match needs',
  })
  @Requires('instances:write')
  @ApiOperation({
    summary: 'Create an instance; config and secrets are validated against its connector type',
  })
  @ApiProblems(400, 409)
  @ApiResponse({
    status: 422,
    description: 'Config or secrets do not fit the type (see `errors`)',
    type: ProblemDto,
  })
  async create(
    @Req() request: AdminRequest,
    @Body() body: CreateInstanceDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InstanceView> {
    const view = await this.instances.create(request, body);
    return createdWithETag(response, '/api/v1/instances', view.version, view);
  }

  @Get()
  @Requires('instances:read')
  @ApiOperation({ summary: "List the tenant's instances, oldest first (secrets only as set/unset)" })
  @ApiOkResponse({ type: InstancePageDto })
  @ApiProblems(400)
  list(@Req() request: AdminRequest, @Query() query: PageQuery): Promise<Page<InstanceView>> {
    return this.instances.list(request, query.limit, query.cursor);
  }

  @Get(':id')
  @Requires('instances:read')
  @ApiOperation({ summary: 'One instance; the ETag header is what If-Match needs' })
  @ApiOkResponse({ type: InstanceViewDto })
  @ApiProblems(400, 404)
  async get(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InstanceView> {
    const view = await this.instances.get(request, id);
    return withETag(response, view.version, view);
  }

  @Patch(':id')
  @ApiOkResponse({ type: InstanceViewDto })
  @Requires('instances:write')
  @ApiOperation({
    summary: 'Change an instance. In `secrets`, a value replaces, `null` removes, an absent key keeps',
  })
  @ApiIfMatch()
  @ApiProblems(400, 404, 409)
  @ApiResponse({
    status: 422,
    description: 'Config or secrets do not fit the type (see `errors`)',
    type: ProblemDto,
  })
  async update(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateInstanceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InstanceView> {
    const view = await this.instances.update(request, id, body, ifMatch);
    return withETag(response, view.version, view);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('instances:write')
  @ApiOperation({ summary: 'Delete an instance; runtimes stop it on the instance.changed event' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiIfMatch()
  @ApiProblems(400, 404)
  async remove(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.instances.remove(request, id, ifMatch);
  }

  @Post(':id/test')
  @ApiOkResponse({ type: InstanceTestResultDto })
  @HttpCode(200)
  @Requires('instances:test')
  @ApiOperation({
    summary:
      'Test the connection: the connector runtime hosting the instance runs its check hook (credentials, reachability)',
  })
  @ApiProblems(400, 404)
  test(@Req() request: AdminRequest, @Param('id', ParseUUIDPipe) id: string): Promise<InstanceTestResult> {
    return this.instances.test(request, id);
  }

  @Get(':id/health')
  @Requires('instances:read')
  @ApiOperation({
    summary:
      'Health as the hosting runtime last reported it: last success and error, rate limiting, circuit, last check',
  })
  @ApiOkResponse({ type: InstanceHealthDto })
  @ApiProblems(400, 404)
  health(@Req() request: AdminRequest, @Param('id', ParseUUIDPipe) id: string): Promise<InstanceHealthView> {
    return this.instances.health(request, id);
  }
}
