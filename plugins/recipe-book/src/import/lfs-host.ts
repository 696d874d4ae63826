/**
 * The host requirements of LFS's version-check.sh (chapter 2): `ver_check Coreutils sort 8.1`,
 * `ver_kernel 5.4`, `alias_check awk GNU`, read from the script as the book prints it.
 */
import type {Element} from 'domhandler'
import {elements, text} from './docbook.js'

export interface Requirement {
  name: string
  program: string
  min?: string
  matches?: string
}

export function hostRequirements(root: Element): Requirement[] {
  const page = elements(root, 'sect1').find((element) => element.attribs.id?.endsWith('hostreqs'))
  const script = page ? elements(page, 'literal').map(text).concat(elements(page, 'screen').map(text)).join('\n') : ''
  const found: Requirement[] = []
  for (const line of script.split('\n')) {
    const check = /^ver_check\s+("[^"]+"|\S+)\s+(\S+)\s+(\S+)/.exec(line.trim())
    if (check) found.push({name: check[1].replace(/"/g, ''), program: check[2], min: check[3]})
    const kernel = /^ver_kernel\s+(\S+)/.exec(line.trim())
    if (kernel) found.push({name: 'Linux Kernel', program: 'linux', min: kernel[1]})
    const alias = /^alias_check\s+(\S+)\s+(\S+)/.exec(line.trim())
    if (alias) found.push({name: `${alias[1]} is ${alias[2]}`, program: alias[1], matches: alias[2]})
  }
  // The script is printed once per revision of the page; each requirement counts once.
  return found.filter((requirement, index) => found.findIndex((other) => JSON.stringify(other) === JSON.stringify(requirement)) === index)
}
