import { Controller, Get, Header, Res } from '@nestjs/common';
import { Public } from '@switchboard/auth';
import type { Response } from 'express';
import { Registry } from 'prom-client';

/** Prometheus scrape endpoint. */
@Controller()
@Public('Prometheus scrapes without credentials; the metrics carry no secrets (restrict by network)')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metrics(@Res() res: Response): Promise<void> {
    const body = await this.registry.metrics();
    // Set verbatim: `res.type()` would reorder the parameters of Prometheus's content type.
    res.setHeader('Content-Type', this.registry.contentType);
    res.end(body);
  }
}
