import { describe, expect, it } from 'vitest';
import type os from 'node:os';
import { reachOf } from './lanAddresses.js';

const iface = (address: string, internal = false, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({ address, internal, family, netmask: '', mac: '', cidr: null }) as os.NetworkInterfaceInfo;
const machine = {
  lo: [iface('127.0.0.1', true), iface('::1', true, 'IPv6')],
  wlan0: [iface('192.168.1.20'), iface('fe80::1', false, 'IPv6')],
  docker0: [iface('172.17.0.1')],
};

describe('where other devices reach the gateway', () => {
  it.each([
    ['http://127.0.0.1:8787', { loopbackOnly: true, lan: [] }],
    ['http://localhost:8787', { loopbackOnly: true, lan: [] }],
    ['http://[::1]:8787', { loopbackOnly: true, lan: [] }],
    [
      'http://0.0.0.0:8787',
      {
        loopbackOnly: false,
        lan: [
          { address: '192.168.1.20', base: 'http://192.168.1.20:8787' },
          { address: '172.17.0.1', base: 'http://172.17.0.1:8787' },
        ],
      },
    ],
    [
      'http://192.168.1.20:9000',
      { loopbackOnly: false, lan: [{ address: '192.168.1.20', base: 'http://192.168.1.20:9000' }] },
    ],
  ])('listening at %s', (url, reach) => {
    expect(reachOf(url, machine)).toEqual(reach);
  });
});
