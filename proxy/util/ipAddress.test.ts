import { describe, expect, it } from 'vitest';
import { inRange, notPublic, parseAddress, parseRange } from './ipAddress.js';

const hex = (address: Uint8Array | undefined) => (address ? Buffer.from(address).toString('hex') : undefined);

describe('parseAddress', () => {
  it.each([
    ['127.0.0.1', '00000000000000000000ffff7f000001'],
    ['::1', '00000000000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['[::1]', '00000000000000000000000000000001'],
    ['::ffff:127.0.0.1', '00000000000000000000ffff7f000001'],
    ['::ffff:7f00:1', '00000000000000000000ffff7f000001'],
    ['::127.0.0.1', '0000000000000000000000007f000001'],
    ['1:2:3:4:5:6:1.2.3.4', '00010002000300040005000601020304'],
    ['2001:db8::', '20010db8000000000000000000000000'],
    ['fe80::1%eth0', 'fe800000000000000000000000000001'],
  ])('%s', (text, expected) => {
    expect(hex(parseAddress(text))).toBe(expected);
  });

  it.each(['localhost', '2130706433', '0x7f.1', '127.1', '1.2.3', '', ':::', 'example.com'])(
    '%s is not an address (names and odd spellings are resolved or normalised first)',
    (text) => {
      expect(parseAddress(text)).toBeUndefined();
    },
  );
});

describe('notPublic: what a client URL may never reach', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.5', 'private'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'private (unique local)'],
    ['fd12:3456::1', 'private (unique local)'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['::10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::c0a8:105', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:105::1', 'private'],
  ])('%s: %s', (text, why) => {
    expect(notPublic(parseAddress(text)!)).toBe(why);
  });

  it.each([
    '8.8.8.8',
    '142.250.74.78',
    '172.32.0.1',
    '100.128.0.1',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (text) => {
    expect(notPublic(parseAddress(text)!)).toBeUndefined();
  });
});

describe('parseRange and inRange', () => {
  it.each([
    ['192.168.0.0/16', '192.168.44.1', true],
    ['192.168.0.0/16', '192.169.0.1', false],
    ['10.0.0.5', '10.0.0.5', true],
    ['10.0.0.5', '10.0.0.6', false],
    ['fd00::/8', 'fd12::1', true],
    ['fd00::/8', 'fe12::1', false],
    ['127.0.0.1/32', '::ffff:127.0.0.1', true],
    ['0.0.0.0/0', '8.8.8.8', true],
  ])('%s holds %s: %s', (range, address, holds) => {
    expect(inRange(parseAddress(address)!, parseRange(range)!)).toBe(holds);
  });

  it.each(['192.168.0.0/33', '::/129', 'mybox.local', '10.0.0.0/8/8', '10.0.0.0/x', ''])(
    '%s is not a range',
    (text) => {
      expect(parseRange(text)).toBeUndefined();
    },
  );
});
