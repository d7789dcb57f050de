import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWebhookFixtures } from './webhook-fixtures';

describe('loadWebhookFixtures', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sb-fixtures-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads bodies byte for byte, headers lower-cased, sorted by name, ignoring other files', () => {
    writeFileSync(join(dir, 'b-resolved.json'), '{ "status" : "resolved" }\n');
    writeFileSync(join(dir, 'a-firing.json'), '{"status":"firing"}');
    writeFileSync(join(dir, 'a-firing.headers.json'), '{ "X-Event": "alert" }');
    writeFileSync(join(dir, 'README.md'), '# what goes here');
    const fixtures = loadWebhookFixtures(dir);
    expect(fixtures.map((f) => f.name)).toEqual(['a-firing', 'b-resolved']);
    expect(fixtures[0]!.headers).toEqual({ 'x-event': 'alert' });
    expect(fixtures[1]!.rawBody.toString()).toBe('{ "status" : "resolved" }\n');
  });

  it('refuses a missing folder and a headers file that is not an object of strings', () => {
    expect(() => loadWebhookFixtures(join(dir, 'nope'))).toThrow('does not exist');
    writeFileSync(join(dir, 'x.json'), '{}');
    writeFileSync(join(dir, 'x.headers.json'), '{ "x-count": 3 }');
    expect(() => loadWebhookFixtures(dir)).toThrow('header x-count must be a string');
  });
});
