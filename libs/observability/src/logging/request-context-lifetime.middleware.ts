import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { storage } from 'nestjs-pino/storage';

/**
 * Keeps nestjs-pino's request context (the AsyncLocalStorage that tags every line logged while
 * handling a request with its id) switched on only while HTTP requests are in flight.
 *
 * On Node 20 an AsyncLocalStorage that has run once turns on promise hooks for the rest of the
 * process: every promise anywhere then costs an extra allocation and a hook call. The hub's hot
 * paths (the webhook fast lane, bus consumers) never touch Express, yet one admin call would tax
 * them for ever (a seventh of the pipeline's CPU per alert). So when the last request in flight
 * ends, the storage is disabled, which takes the hooks off again; the next request's `run`
 * turns them back on. Work a request left running in the background logs without its id.
 */
// Per process, like the storage: every app of the process shares it.
let inFlight = 0;

@Injectable()
export class RequestContextLifetimeMiddleware implements NestMiddleware {
  use(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
    inFlight += 1;
    res.once('close', () => {
      if (--inFlight === 0) storage.disable();
    });
    next();
  }
}
