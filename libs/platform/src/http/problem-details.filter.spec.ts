import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Module,
  Param,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, MinLength, ValidateNested } from 'class-validator';
import request from 'supertest';
import { configureHttpApp } from './configure-http-app';
import { ProblemDetailsException } from './problem-details.exception';

class ContactDto {
  @IsString()
  @MinLength(3)
  name!: string;
}

class CreateInstanceDto {
  @IsIn(['jira', 'redmine'])
  type!: string;

  @IsInt()
  pollSeconds!: number;

  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts!: ContactDto[];
}

@Controller()
class ProbeController {
  @Post('instances')
  create(@Body() dto: CreateInstanceDto): { created: boolean; isDto: boolean } {
    return { created: true, isDto: dto instanceof CreateInstanceDto };
  }

  @Get('errors/:kind')
  fail(@Param('kind') kind: string): never {
    switch (kind) {
      case 'forbidden':
        throw new ForbiddenException('approvers cannot approve their own request');
      case 'not-found':
        throw new SwitchboardError(ErrorCode.NotFound, 'instance jira-1 does not exist');
      case 'rate-limited':
        throw SwitchboardError.rateLimited('Jira asked us to slow down', 30_000);
      case 'retryable':
        throw SwitchboardError.retryable('cannot reach NATS at nats://internal-host:4222');
      case 'custom':
        throw new ProblemDetailsException({
          type: 'urn:switchboard:problem:approval-expired',
          title: 'Approval expired',
          status: 410,
        });
      default:
        throw new Error('secret internal detail');
    }
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('HTTP conventions (problem details, validation, body limit)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const nest = await NestFactory.create<NestExpressApplication>(ProbeModule, { logger: false });
    configureHttpApp(nest, { bodyLimit: '2kb' });
    await nest.init();
    app = nest;
  });

  afterAll(() => app.close());

  const server = () => app.getHttpServer();

  it('accepts a valid body and hands the controller a DTO instance', async () => {
    const res = await request(server())
      .post('/instances')
      .send({ type: 'jira', pollSeconds: 60, contacts: [{ name: 'alice' }] })
      .expect(201);
    expect(res.body).toEqual({ created: true, isDto: true });
  });

  it('lists every invalid field, nested ones by path, unknown ones too', async () => {
    const res = await request(server())
      .post('/instances')
      .send({ type: 'zendesk', pollSeconds: '60', contacts: [{ name: 'al' }], extra: true })
      .expect(400)
      .expect('Content-Type', 'application/problem+json; charset=utf-8');
    expect(res.body).toMatchObject({
      type: 'urn:switchboard:problem:validation',
      title: 'Invalid request',
      status: 400,
      instance: '/instances',
    });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'type', message: 'type must be one of the following values: jira, redmine' },
        { path: 'pollSeconds', message: 'pollSeconds must be an integer number' },
        { path: 'contacts.0.name', message: 'name must be longer than or equal to 3 characters' },
        { path: 'extra', message: 'property extra should not exist' },
      ]),
    );
    expect(res.body.errors).toHaveLength(4);
  });

  it('answers HTTP exceptions with their status and message', async () => {
    const res = await request(server()).get('/errors/forbidden').expect(403);
    expect(res.body).toMatchObject({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'approvers cannot approve their own request',
      instance: '/errors/forbidden',
    });
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await request(server()).get('/nowhere?x=1').expect(404);
    expect(res.body).toMatchObject({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      instance: '/nowhere',
    });
  });

  it('maps error codes to statuses', async () => {
    expect((await request(server()).get('/errors/not-found').expect(404)).body).toMatchObject({
      type: 'urn:switchboard:problem:not_found',
      detail: 'instance jira-1 does not exist',
    });
    const limited = await request(server()).get('/errors/rate-limited').expect(429);
    expect(limited.headers['retry-after']).toBe('30');
    const retryable = await request(server()).get('/errors/retryable').expect(503);
    expect(retryable.text).not.toContain('internal-host');
  });

  it('passes a ready-made problem through unchanged', async () => {
    expect((await request(server()).get('/errors/custom').expect(410)).body).toMatchObject({
      type: 'urn:switchboard:problem:approval-expired',
      title: 'Approval expired',
      status: 410,
    });
  });

  it('never leaks the message of an unexpected error', async () => {
    const res = await request(server()).get('/errors/bug').expect(500);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(res.text).not.toContain('secret internal detail');
  });

  it('rejects malformed JSON and oversized bodies as problems', async () => {
    const malformed = await request(server())
      .post('/instances')
      .set('Content-Type', 'application/json')
      .send('{"type": ')
      .expect(400);
    expect(malformed.body).toMatchObject({
      type: 'about:blank',
      status: 400,
      detail: 'Unexpected end of JSON input',
    });

    const big = await request(server())
      .post('/instances')
      .send({ type: 'jira', pollSeconds: 1, contacts: [{ name: 'x'.repeat(4096) }] })
      .expect(413);
    expect(big.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(big.body).toMatchObject({
      status: 413,
      detail: 'The request body is larger than the server accepts.',
    });
  });

  it('does not advertise Express', async () => {
    const res = await request(server()).get('/nowhere');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
