import type {Register} from 'tck'
import {HttpLevel} from './level.js'
import {readSettings} from './settings.js'

/** `{provider: 'http', url, readOnly?, timeoutMs?, connectTimeoutMs?, retries?, minBytesPerSecond?, caFile?}` in `cache.levels`; see settings.ts for the environment. */
const register: Register = ({registries, api}) => {
  registries.cacheProvider.register({
    name: 'http',
    options: ['url', 'timeoutMs', 'connectTimeoutMs', 'retries', 'minBytesPerSecond', 'caFile'],
    async open(options) {
      return new HttpLevel(api, readSettings(api, options))
    },
  })
}

export default register
