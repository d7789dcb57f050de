import { Controller, Get, Module, Param, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import request from 'supertest';
import { MetricsModule } from './metrics.module';
import { PromBusMetrics } from './prom-bus-metrics';

@Controller('things')
class ThingsController {
  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('MetricsModule', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [MetricsModule, ThingsModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  it('serves Prometheus text with default process metrics', async () => {
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain('process_cpu_seconds_total');
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('times requests by route template, never by raw URL', async () => {
    await request(app.getHttpServer()).get('/things/42').expect(200);
    await request(app.getHttpServer()).get('/things/43').expect(200);
    await request(app.getHttpServer()).get('/nowhere/7').expect(404);
    const text = await app.get(Registry).metrics();
    expect(text).toContain(
      'switchboard_http_request_duration_seconds_count{method="GET",route="/things/:id",status_code="200"} 2',
    );
    expect(text).toContain(
      'switchboard_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1',
    );
    expect(text).not.toContain('/things/42');
  });

  it('exposes the bus metrics through PromBusMetrics', async () => {
    const metrics = app.get(PromBusMetrics);
    metrics.published('EVT', 'ok');
    metrics.published('EVT', 'duplicate');
    metrics.consumed('ticket-sync');
    metrics.acked('ticket-sync');
    metrics.naked('ticket-sync');
    metrics.deadLettered('ticket-sync', 'max_deliveries');
    metrics.handlerDuration('ticket-sync', 0.2, 'ok');
    metrics.busSelected('jetstream', true);

    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toContain('switchboard_bus_published_total{stream="EVT",outcome="ok"} 1');
    expect(text).toContain('switchboard_bus_published_total{stream="EVT",outcome="duplicate"} 1');
    expect(text).toContain('switchboard_bus_consumed_total{consumer="ticket-sync"} 1');
    expect(text).toContain('switchboard_bus_acked_total{consumer="ticket-sync"} 1');
    expect(text).toContain('switchboard_bus_naked_total{consumer="ticket-sync"} 1');
    expect(text).toContain(
      'switchboard_bus_dead_lettered_total{consumer="ticket-sync",reason="max_deliveries"} 1',
    );
    expect(text).toContain(
      'switchboard_bus_handler_duration_seconds_bucket{le="0.25",consumer="ticket-sync",outcome="ok"} 1',
    );
    expect(text).toContain(
      'switchboard_bus_handler_duration_seconds_bucket{le="0.1",consumer="ticket-sync",outcome="ok"} 0',
    );
    expect(text).toContain('switchboard_bus_durable{kind="jetstream"} 1');
  });

  it('reports the in-process fallback as not durable', async () => {
    app.get(PromBusMetrics).busSelected('in-process', false);
    const text = await app.get(Registry).metrics();
    expect(text).toContain('switchboard_bus_durable{kind="in-process"} 0');
    expect(text).not.toContain('switchboard_bus_durable{kind="jetstream"}');
  });
});
