import type {Register} from 'tck'
import {runProcess} from './spawn.js'
import {runInTerminal} from './terminal.js'
import {WorkerPool, workerCanRun} from './workers.js'

const register: Register = ({registries, api}) => {
  let pool: WorkerPool | undefined
  // The worker's shell dies with tck (and takes its task along) where setpriv can say so.
  const workers = () => (pool ??= new WorkerPool(api.which('setpriv') ? ['setpriv', '--pdeathsig', 'TERM', '--'] : []))
  registries.executor.register({
    name: 'local',
    async describe() {
      return {available: true, enforces: []}
    },
    run(request, signal) {
      if (request.stdio === 'terminal') return runInTerminal(request, signal, api.processes)
      return workerCanRun(request) ? workers().run(request, signal) : runProcess(request, signal, api.processes)
    },
    // Nothing of its own can change a result: the request (command, environment, limits) is keyed already.
    identity: () => 'local',
  })
}

export default register
