/** Offline mode (`--offline` or `TCK_OFFLINE=1`/`true`): one reading for the host and every toolchain source. */
export function isOffline(explicit?: boolean): boolean {
  return explicit ?? (process.env.TCK_OFFLINE === '1' || process.env.TCK_OFFLINE === 'true')
}
