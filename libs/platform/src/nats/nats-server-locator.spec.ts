import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateNatsServer } from './nats-server-locator';

describe('locateNatsServer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-locate-'));
  const bin = join(dir, 'bin');
  const empty = join(dir, 'empty');
  const executable = join(bin, 'nats-server');
  const notExecutable = join(dir, 'nats-server.txt');

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    mkdirSync(bin);
    mkdirSync(empty);
    writeFileSync(executable, '#!/bin/sh\n');
    chmodSync(executable, 0o755);
    writeFileSync(notExecutable, '');
  });

  it('takes the first nats-server on the search path', () => {
    expect(locateNatsServer({ searchPath: [empty, bin] })).toEqual({ found: true, path: executable });
  });

  it('uses NATS_SERVER_BIN when it is executable', () => {
    expect(locateNatsServer({ explicit: executable, searchPath: [] })).toEqual({
      found: true,
      path: executable,
    });
  });

  it('reports a NATS_SERVER_BIN that does not work instead of searching elsewhere', () => {
    for (const explicit of [join(dir, 'missing'), notExecutable, bin]) {
      expect(locateNatsServer({ explicit, searchPath: [bin] })).toEqual({
        found: false,
        reason: `NATS_SERVER_BIN=${explicit} is not an executable file`,
      });
    }
  });

  it('says where it looked when nothing is found', () => {
    expect(locateNatsServer({ searchPath: [empty, '/nonexistent'] })).toEqual({
      found: false,
      reason: `no nats-server on the PATH (searched ${empty}, /nonexistent)`,
    });
  });
});
