import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConnectorTypeDto, ConnectorTypeListDto } from './instance-views.dto';
import { Requires } from '@switchboard/auth';
import { ConnectorTypeRegistry } from '@switchboard/connector-registry';
import type { ManifestDocument } from '@switchboard/connector-sdk';
import { SwitchboardError } from '@switchboard/errors';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import { PAGE_LIMIT_DEFAULT, PageQuery, type Page } from '../core/pagination';
import { ApiProblems } from '../core/problem.dto';

/** `/api/v1/connector-types`: the installed connector types, with their config JSON Schemas. */
@ApiTags('connector-types')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/connector-types')
export class ConnectorTypesController {
  constructor(private readonly types: ConnectorTypeRegistry) {}

  @Get()
  @Requires('connector-types:read')
  @ApiOperation({ summary: 'Installed connector types: manifests with config JSON Schemas' })
  @ApiOkResponse({ type: ConnectorTypeListDto })
  list(@Query() query: PageQuery): Page<ManifestDocument> {
    // Manifests are sorted by id: the cursor is the last id of the page, so pages stay stable.
    const after =
      query.cursor === undefined ? undefined : Buffer.from(query.cursor, 'base64url').toString('utf8');
    const limit = query.limit ?? PAGE_LIMIT_DEFAULT;
    const rest = this.types.manifests().filter((manifest) => after === undefined || manifest.id > after);
    const items = rest.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rest.length > limit && last ? Buffer.from(last.id, 'utf8').toString('base64url') : null,
    };
  }

  @Get(':id')
  @Requires('connector-types:read')
  @ApiOperation({ summary: 'One connector type; secret config fields are writeOnly in its schema' })
  @ApiProblems(404)
  @ApiOkResponse({ type: ConnectorTypeDto })
  get(@Param('id') id: string): ManifestDocument {
    const manifest = this.types.manifest(id);
    if (!manifest) throw SwitchboardError.notFound(`No connector type ${id}`);
    return manifest;
  }
}
