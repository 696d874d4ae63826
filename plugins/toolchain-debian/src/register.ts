import type {Register} from 'tck'
import {debianSource} from './source.js'

const register: Register = ({registries, api}) => {
  registries.toolchainSource.register(debianSource(api))
}

export default register
