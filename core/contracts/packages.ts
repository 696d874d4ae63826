/** Compile and link flags for a set of packages. */
export interface PackageFlags {
  cflags: string[]
  libs: string[]
}

export interface PackageManager {
  name: string
  resolve(packages: string[]): Promise<PackageFlags>
}
