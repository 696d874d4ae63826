import type {Register} from 'tck'
import {FsLevel} from './level.js'

/** Options of a `{provider: 'fs', ...}` level in `cache.levels`. */
const register: Register = ({registries, api}) => {
  registries.cacheProvider.register({
    name: 'fs',
    options: ['dir', 'compression', 'level'],
    async open(options) {
      const {dir, readOnly = false, compression = 'zstd', level = 3} = options
      const problem =
        typeof dir !== 'string' || dir === '' ? 'needs "dir", a directory path'
        : compression !== 'zstd' && compression !== 'none' ? `"compression" must be "zstd" or "none", not ${JSON.stringify(compression)}`
        : typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 19 ? '"level" must be an integer from 1 to 19'
        : undefined
      if (problem) {
        throw new api.TckError('CONFIG_INVALID', `cache level {provider: 'fs'} ${problem}`, {
          hint: "Example: cache: {levels: [{provider: 'fs', dir: '/var/cache/tck'}]}",
        })
      }
      return new FsLevel(api, {dir: dir as string, readOnly: Boolean(readOnly), compression: compression as 'zstd' | 'none', level: level as number})
    },
  })
}

export default register
