import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '@switchboard/auth';
import { API_KEY_SECURITY_SCHEME } from '@switchboard/platform';
import type { AdminRequest } from '../core/admin-request';
import { ApiProblems } from '../core/problem.dto';
import { KpiQuery, KpiReportDto, type KpiReport } from './kpis.dto';
import { KpisService } from './kpis.service';

/** `/api/v1/kpis`: how well the loop works (learn). */
@ApiTags('kpis')
@ApiBearerAuth(API_KEY_SECURITY_SCHEME)
@ApiProblems(401, 403)
@Controller('api/v1/kpis')
export class KpisController {
  constructor(private readonly kpis: KpisService) {}

  @Get()
  @Requires('kpis:read')
  @ApiOperation({
    summary: 'MTTR, automation coverage, autonomous remediation rate, escalations and false-positive rate',
    description:
      'Over the incidents opened in [from, to) (default: the last 7 days). Counts are of incidents; rates are ' +
      'shares from 0 to 1 (four decimals), null when their denominator is 0. See each field for its definition.',
  })
  @ApiOkResponse({ type: KpiReportDto })
  @ApiProblems(400)
  report(@Req() request: AdminRequest, @Query() query: KpiQuery): Promise<KpiReport> {
    return this.kpis.report(request, query);
  }
}
