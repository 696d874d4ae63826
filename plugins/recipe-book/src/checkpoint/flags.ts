import {Flags} from '@oclif/core'

export const checkpointFlags = {
  book: Flags.string({description: 'The book: a directory with book.yaml, or a .book file (default: the one in the project)'}),
  root: Flags.string({description: 'The target root (default: the one the last build filled)'}),
}
