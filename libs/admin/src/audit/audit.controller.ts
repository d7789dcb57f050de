import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '@switchboard/auth';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import type { AdminRequest } from '../core/admin-request';
import { ApiProblems } from '../core/problem.dto';
import { AuditListQueryDto, AuditPageDto, AuditVerifyDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Requires('audit:read')
  @ApiOperation({ summary: "The tenant's audit trail, newest first, filtered (secrets are never stored)" })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems(400)
  list(@Req() request: AdminRequest, @Query() query: AuditListQueryDto): Promise<AuditPageDto> {
    return this.audit.list(request, query);
  }

  @Get('verify')
  @Requires('audit:read')
  @ApiOperation({
    summary: "Walk the tenant's hash chain",
    description:
      'A report, not an error: 200 with `ok: true` when every entry holds, 200 with `ok: false`, ' +
      'the first broken seq and the reason otherwise.',
  })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(@Req() request: AdminRequest): Promise<AuditVerifyDto> {
    return this.audit.verify(request);
  }
}
