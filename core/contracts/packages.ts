/** Compile and link flags for a set of packages. */
export interface PackageFlags {
  cflags: string[]
  libs: string[]
}

/** What a build-system plugin (recipe-cmake) tells a package manager about the project it configures. */
export interface CMakePackagesRequest {
  /** The project root, absolute. */
  root: string
  /** CMake's build directory, absolute. */
  buildDir: string
  /** tck's generated toolchain file, absolute: a package manager that takes over CMAKE_TOOLCHAIN_FILE chain-loads it. */
  toolchainFile: string
  toolchain: {family: string; version: string; target: string; c?: string[]; cxx?: string[]; sysroot?: string}
  buildType: string
  /** `libstdc++`, `libc++`, or absent for the compiler's default. */
  stdlib?: string
  /** `plugins.<short name>` of the package manager's plugin. */
  settings: Record<string, unknown>
}

/** How a package manager joins a CMake configure: a task that installs, and the files and variables CMake gets. */
export interface CMakePackages {
  /** Its manifest files (conanfile.txt, vcpkg.json), relative to the root. */
  manifests: string[]
  /** Run before CMake configures, in the root; its failure shows the tool's own error and this command. */
  install?: {argv: string[]; env?: Record<string, string>; envPass?: string[]; inputs?: string[]; outputs?: string[]; tools?: string[]}
  /** Loaded as CMAKE_TOOLCHAIN_FILE instead of tck's, which it must chain-load (vcpkg.cmake, through VCPKG_CHAINLOAD_TOOLCHAIN_FILE). */
  toolchainFile?: string
  /** Included at the end of tck's toolchain file (conan_toolchain.cmake). */
  includes?: string[]
  cacheVariables?: Record<string, string>
  /** Set for CMake (in the configure preset too, so `cmake --preset` gets it). */
  env?: Record<string, string>
}

export interface PackageManager {
  name: string
  resolve(packages: string[]): Promise<PackageFlags>
  /** For a CMake project: how it joins the configure; undefined when the project has no manifest of this package manager. */
  cmake?(request: CMakePackagesRequest): Promise<CMakePackages | undefined>
}
