import os from 'node:os';

export interface Reach {
  /** Only this machine can reach gemgate: it listens on a loopback address. */
  loopbackOnly: boolean;
  /** Base URLs other devices on the network can use (a phone on the same Wi-Fi), one per address. */
  lan: Array<{ address: string; base: string }>;
}

type Interfaces = ReturnType<typeof os.networkInterfaces>;

/**
 * Where devices other than this one can reach a gateway listening at `listenUrl`:
 *
 * | listens on                    | loopbackOnly | lan                                         |
 * | ----------------------------- | ------------ | ------------------------------------------- |
 * | 127.0.0.1, ::1, localhost     | true         | none                                        |
 * | 0.0.0.0 or :: (every address) | false        | each IPv4 address of a network interface that is not loopback |
 * | one address (192.168.1.20)    | false        | that address                                |
 */
export function reachOf(listenUrl: string, interfaces: Interfaces = os.networkInterfaces()): Reach {
  const url = new URL(listenUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port;
  if (host === 'localhost' || host === '::1' || host.startsWith('127.'))
    return { loopbackOnly: true, lan: [] };
  const addresses =
    host === '0.0.0.0' || host === '::'
      ? Object.values(interfaces)
          .flat()
          .filter((entry) => entry && entry.family === 'IPv4' && !entry.internal)
          .map((entry) => entry!.address)
      : [host];
  const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address);
  return {
    loopbackOnly: false,
    lan: [...new Set(addresses)].map((address) => ({ address, base: `http://${bracket(address)}:${port}` })),
  };
}
