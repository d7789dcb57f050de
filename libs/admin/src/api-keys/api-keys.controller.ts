import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '@switchboard/auth';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import type { Response } from 'express';
import type { AdminRequest } from '../core/admin-request';
import { ApiIfMatch, withETag } from '../core/etag';
import { PageQuery } from '../core/pagination';
import { ApiProblems } from '../core/problem.dto';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Requires('api-keys:manage')
  @ApiOperation({ summary: "Create a key in the caller's tenant; the response shows the key once" })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblems(400)
  async create(
    @Req() request: AdminRequest,
    @Body() body: CreateApiKeyDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CreatedApiKeyDto> {
    const created = await this.keys.create(request, body);
    // The response holds the key itself: no cache may keep it.
    response.setHeader('Cache-Control', 'no-store');
    return withETag(response, created.apiKey.version, created);
  }

  @Get()
  @Requires('api-keys:manage')
  @ApiOperation({ summary: "List the tenant's keys, oldest first (never the keys or their hashes)" })
  @ApiOkResponse({ type: ApiKeyPageDto })
  @ApiProblems(400)
  list(@Req() request: AdminRequest, @Query() query: PageQuery): Promise<ApiKeyPageDto> {
    return this.keys.list(request, query.limit, query.cursor);
  }

  @Get(':id')
  @Requires('api-keys:manage')
  @ApiOperation({ summary: 'One key; the ETag header is what If-Match needs' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiProblems(404)
  async get(
    @Req() request: AdminRequest,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApiKeyDto> {
    const key = await this.keys.get(request, id);
    return withETag(response, key.version, key);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Requires('api-keys:manage')
  @ApiOperation({ summary: 'Revoke a key: it stops working at once, for good' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiIfMatch()
  @ApiProblems(404, 409)
  async revoke(
    @Req() request: AdminRequest,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApiKeyDto> {
    const key = await this.keys.revoke(request, id, ifMatch);
    return withETag(response, key.version, key);
  }
}
