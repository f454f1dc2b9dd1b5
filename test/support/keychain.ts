/**
 * Whether a Secret Service can be reached. `.ci/run` starts one (dbus-run-session with an unlocked
 * gnome-keyring), so in CI the keychain tests always run; elsewhere they say why they are skipped.
 */
export const keychainAvailable =
  Boolean(process.env.DBUS_SESSION_BUS_ADDRESS) || process.platform !== 'linux';

export const keychainSkipReason =
  'no Secret Service here: run `npm test` inside `dbus-run-session` with an unlocked gnome-keyring (as .ci/run does)';

if (!keychainAvailable && process.env.CI) {
  throw new Error(`CI must run the keychain tests, but ${keychainSkipReason}`);
}
