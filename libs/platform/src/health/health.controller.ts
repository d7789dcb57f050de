import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import { Public } from '@switchboard/auth';
import type { Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problemType } from '../http/problem-details';
import { ReadinessService, type ReadinessReport } from './readiness.service';

/** Kubernetes-style probes. Not behind authentication: they reveal no secrets. */
@Controller()
@Public('probes for orchestrators and load balancers; they reveal no secrets')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: answers as long as the event loop runs. Restart the process when it does not. */
  @Get('healthz')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: 200 when every dependency answers; 503 with an RFC 9457 problem naming the
   * failing checks otherwise. Take the process out of load balancing, do not restart it.
   */
  @Get('readyz')
  async readyz(@Res() res: Response): Promise<void> {
    const report: ReadinessReport = await this.readiness.check();
    res.setHeader('Cache-Control', 'no-store');
    if (report.ready) {
      res.status(200).json({
        status: 'ready',
        checks: report.checks,
        ...(report.warnings.length ? { warnings: report.warnings } : {}),
      });
      return;
    }
    res
      .status(503)
      .setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .end(
        JSON.stringify({
          type: problemType('not-ready'),
          title: 'Service Unavailable',
          status: 503,
          detail: `Not ready: ${report.reasons.join('; ')}`,
          instance: '/readyz',
          checks: report.checks,
          ...(report.warnings.length ? { warnings: report.warnings } : {}),
        }),
      );
  }
}
