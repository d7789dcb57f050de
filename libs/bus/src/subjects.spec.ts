import { commandSubject, deadLetterSubject, streamForSubject, subjectMatches } from './subjects';

describe('subjects', () => {
  it('addresses commands to a tenant and instance', () => {
    expect(commandSubject('default', 'jira-prod', 'ticket.create')).toBe(
      'cmd.default.jira-prod.ticket.create',
    );
  });

  it('refuses tokens that would break the subject space', () => {
    expect(() => commandSubject('default', 'a.b', 'ticket.create')).toThrow(/instanceId "a.b"/);
    expect(() => commandSubject('default', 'x', 'ticket.>')).toThrow(/action/);
    expect(() => deadLetterSubject('has space')).toThrow(/consumer/);
  });

  it('finds the stream of a subject or filter', () => {
    expect(streamForSubject('evt.*.ops.alert.>')).toBe('EVT');
    expect(streamForSubject('cmd.default.x.ticket.create')).toBe('CMD');
    expect(streamForSubject('dlq.orchestrator')).toBe('DLQ');
    expect(() => streamForSubject('rpc.default.x')).toThrow(/no stream/);
  });

  it('matches NATS wildcards like the server does', () => {
    expect(subjectMatches('evt.*.ops.alert.>', 'evt.acme.ops.alert.triggered')).toBe(true);
    expect(subjectMatches('evt.*.ops.alert.>', 'evt.acme.ops.alert')).toBe(false);
    expect(subjectMatches('evt.*.ops.>', 'evt.acme.itsm.ticket.created')).toBe(false);
    expect(subjectMatches('evt.acme.ops.alert.triggered', 'evt.acme.ops.alert.triggered')).toBe(true);
    expect(subjectMatches('evt.*', 'evt.a.b')).toBe(false);
    expect(subjectMatches('>', 'evt.a.b')).toBe(true);
  });
});
