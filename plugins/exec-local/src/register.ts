import type {Register} from 'tck'
import {runProcess} from './spawn.js'
import {runInTerminal} from './terminal.js'

const register: Register = ({registries}) => {
  registries.executor.register({
    name: 'local',
    async describe() {
      return {available: true, enforces: []}
    },
    run: (request, signal) => (request.stdio === 'terminal' ? runInTerminal(request, signal) : runProcess(request, signal)),
    // Nothing of its own can change a result: the request (command, environment, limits) is keyed already.
    identity: () => 'local',
  })
}

export default register
