import { describe, expect, it } from 'vitest';
import { parseSetting } from './settings.js';
import { InputError } from '../failures/inputError.js';

describe('fetch.allowHosts', () => {
  it.each<[string, unknown, string[]]>([
    ['nothing', '', []],
    [
      'host names, addresses and ranges, comma-separated',
      ' MyBox.local, 192.168.1.5 ,10.0.0.0/8,fd00::/8',
      ['mybox.local', '192.168.1.5', '10.0.0.0/8', 'fd00::/8'],
    ],
    ['an array (the admin API)', ['nas.lan', '127.0.0.1'], ['nas.lan', '127.0.0.1']],
  ])('%s', (_name, raw, expected) => {
    expect(parseSetting('fetch.allowHosts', raw)).toEqual(expected);
  });

  it.each(['http://mybox.local', '10.0.0.0/33', 'my box', '*.lan'])('refuses %s', (raw) => {
    expect(() => parseSetting('fetch.allowHosts', raw)).toThrow(InputError);
  });
});
