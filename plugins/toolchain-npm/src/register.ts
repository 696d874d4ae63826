import type {Register} from 'tck'
import {npmSource} from './source.js'

const register: Register = ({registries, api}) => {
  registries.toolchainSource.register(npmSource(api))
}

export default register
