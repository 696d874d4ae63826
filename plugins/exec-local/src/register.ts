import type {Register} from 'tck'
import {runProcess} from './spawn.js'

const register: Register = ({registries}) => {
  registries.executor.register({
    name: 'local',
    async describe() {
      return {available: true, enforces: []}
    },
    identity: () => 'local',
    run: (request, signal) => runProcess(request, signal),
  })
}

export default register
