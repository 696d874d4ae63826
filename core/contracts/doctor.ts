import type {BuildContext} from '../pipeline.js'

/** One line of `tck doctor`: what was checked, whether it is fine, and the detail (a version, a path, what to do). */
export interface DoctorFinding {
  name: string
  ok: boolean
  detail: string
}

/** A plugin's checks for `tck doctor`: of this machine, and of the project the command runs in. */
export interface DoctorCheck {
  name: string
  check(build: BuildContext): Promise<DoctorFinding[]>
}
