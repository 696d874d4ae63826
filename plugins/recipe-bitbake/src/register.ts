import type {Register} from 'tck'

const register: Register = () => {}
export default register
