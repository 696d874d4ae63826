import type {Register} from 'tck'
import {httpSource} from './source.js'

const register: Register = ({registries, api}) => {
  registries.toolchainSource.register(httpSource(api))
}

export default register
