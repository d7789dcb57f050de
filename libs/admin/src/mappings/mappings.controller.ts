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
  ApiExtraModels,
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
  MappingPageDto,
  MappingPreviewDto,
  MappingValidationDto,
  MappingVersionPageDto,
  MappingVersionViewDto,
  MappingViewDto,
} from './mapping-views.dto';
import {
  CreateMappingDto,
  FieldRuleDto,
  PreviewMappingDto,
  UpdateMappingDto,
  type MappingPreview,
  type MappingValidation,
  type MappingVersionView,
  type MappingView,
} from './mappings.dto';
import { MappingsService } from './mappings.service';

const INVALID_MAPPING = {
  status: 422,
  description: 'The definition is not valid (see `errors`, one per problem)',
  type: ProblemDto,
};

/** `/api/v1/mappings`: versioned mappings of the caller's tenant, with validate and preview. */
@ApiTags('mappings')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiExtraModels(FieldRuleDto)
@ApiProblems(401, 403)
@Controller('api/v1/mappings')
export class MappingsController {
  constructor(private readonly mappings: MappingsService) {}

  @Post()
  @Requires('mappings:write')
  @ApiOperation({ summary: 'Create a mapping (version 1); the definition is validated first' })
  @ApiCreatedResponse({
    type: MappingViewDto,
    description: 'The mapping; its ETag header is what If-Match needs',
  })
  @ApiProblems(400, 409)
  @ApiResponse(INVALID_MAPPING)
  async create(
    @Req() request: AdminRequest,
    @Body() body: CreateMappingDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MappingView> {
    const view = await this.mappings.create(request, body);
    return createdWithETag(response, '/api/v1/mappings', view.version, view);
  }

  @Post('validate')
  @HttpCode(200)
  @Requires('mappings:write')
  @ApiOperation({
    summary: 'Validate a definition without saving it: 200 with `valid` and the errors a create would give',
  })
  @ApiOkResponse({ type: MappingValidationDto })
  @ApiProblems(400)
  validate(@Body() body: CreateMappingDto): MappingValidation {
    return this.mappings.validate(body);
  }

  @Get()
  @Requires('mappings:read')
  @ApiOperation({ summary: "List the tenant's mappings with their current definitions, oldest first" })
  @ApiOkResponse({ type: MappingPageDto })
  @ApiProblems(400)
  list(@Req() request: AdminRequest, @Query() query: PageQuery): Promise<Page<MappingView>> {
    return this.mappings.list(request, query.limit, query.cursor);
  }

  @Get(':id')
  @Requires('mappings:read')
  @ApiOperation({ summary: 'One mapping at its current version; the ETag header is what If-Match needs' })
  @ApiOkResponse({ type: MappingViewDto })
  @ApiProblems(400, 404)
  async get(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MappingView> {
    const view = await this.mappings.get(request, id);
    return withETag(response, view.version, view);
  }

  @Get(':id/versions')
  @Requires('mappings:read')
  @ApiOperation({ summary: 'Every version of a mapping, newest first' })
  @ApiOkResponse({ type: MappingVersionPageDto })
  @ApiProblems(400, 404)
  versions(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<MappingVersionView>> {
    return this.mappings.versions(request, id, query.limit, query.cursor);
  }

  @Get(':id/versions/:version')
  @Requires('mappings:read')
  @ApiOperation({ summary: 'One version of a mapping, as it was saved (versions never change)' })
  @ApiParam({ name: 'version', type: Number, example: 2, description: '1, 2, 3, …' })
  @ApiOkResponse({ type: MappingVersionViewDto })
  @ApiProblems(400, 404)
  version(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    // Checked by the service once the mapping is known: another tenant's mapping is a 404 whatever the version.
    @Param('version') version: string,
  ): Promise<MappingVersionView> {
    return this.mappings.version(request, id, version);
  }

  @Patch(':id')
  @Requires('mappings:write')
  @ApiOperation({
    summary:
      'Change a mapping: a new version with the given fields replaced (`description: null` removes it)',
  })
  @ApiOkResponse({ type: MappingViewDto })
  @ApiIfMatch()
  @ApiProblems(400, 404, 409)
  @ApiResponse(INVALID_MAPPING)
  async update(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateMappingDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MappingView> {
    const view = await this.mappings.update(request, id, body, ifMatch);
    return withETag(response, view.version, view);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('mappings:write')
  @ApiOperation({ summary: 'Delete a mapping; its versions are kept for the runs that pinned them' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiIfMatch()
  @ApiProblems(400, 404)
  async remove(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.mappings.remove(request, id, ifMatch);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @Requires('mappings:read')
  @ApiOperation({
    summary:
      'Run a version (the current one by default) on a sample payload: the output, per-field errors, and what the target class refuses',
  })
  @ApiOkResponse({ type: MappingPreviewDto })
  @ApiProblems(400, 404)
  @ApiResponse(INVALID_MAPPING)
  preview(
    @Req() request: AdminRequest,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PreviewMappingDto,
  ): Promise<MappingPreview> {
    return this.mappings.preview(request, id, body);
  }
}
