import { MsgHdrsImpl } from '@nats-io/transport-node';
import { fromMsgHdrs, toMsgHdrs } from './nats-headers';

describe('NATS headers', () => {
  const record = {
    'content-type': 'application/json',
    'ce-id': '0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b',
    'ce-type': 'hub.alert.triggered',
    'ce-subject': 'a subject: with a colon, spaces and ünïcode',
    'Nats-Msg-Id': 'dedup-1',
  };

  it('survive the wire as NATS encodes and decodes them, names and values unchanged', () => {
    const decoded = MsgHdrsImpl.decode((toMsgHdrs(record) as MsgHdrsImpl).encode());
    expect(fromMsgHdrs(decoded)).toEqual(record);
  });

  it('read the first value of a repeated header, and nothing from no headers', () => {
    const h = MsgHdrsImpl.fromRecord({ 'ce-id': ['first', 'second'] });
    expect(fromMsgHdrs(h)).toEqual({ 'ce-id': 'first' });
    expect(fromMsgHdrs(undefined)).toEqual({});
  });

  it('refuse a value with a line break, which would inject protocol lines', () => {
    expect(() => toMsgHdrs({ 'ce-subject': 'x\r\nPUB evil 0' })).toThrow(
      'NATS header ce-subject: a value cannot contain \\r or \\n',
    );
    expect(() => toMsgHdrs({ 'ce-subject': 'x\ny' })).toThrow(/cannot contain/);
  });

  it('refuse a name NATS cannot carry', () => {
    for (const name of ['ce:id', 'ce id', '', 'cé-id']) {
      expect(() => toMsgHdrs({ [name]: 'v' })).toThrow(`invalid NATS header name ${JSON.stringify(name)}`);
    }
  });
});
