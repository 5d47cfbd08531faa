import Findings
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the user asked the walk to include and leave out.
public struct DiscoveryOptions: Sendable {
    /// Globs of paths to leave out (matched against the path relative to the scan root, and its parents).
    public var excludes: [String]
    /// When non-empty, only files matching one of these globs are kept.
    public var includes: [String]
    /// Honour `.gitignore` files and `.git/info/exclude`.
    public var respectGitignore: Bool
    /// Walk folders that are skipped by default (virtualenvs, `node_modules`, build output).
    public var includeDefaultSkips: Bool

    public init(excludes: [String] = [], includes: [String] = [], respectGitignore: Bool = true, includeDefaultSkips: Bool = false) {
        self.excludes = excludes
        self.includes = includes
        self.respectGitignore = respectGitignore
        self.includeDefaultSkips = includeDefaultSkips
    }
}

/// A file the walk found and kept.
public struct DiscoveredFile: Hashable, Sendable {
    /// The path to open.
    public var path: String
    /// The path to show: as the user would write it from where they ran the command.
    public var displayPath: String
    /// The path relative to its scan root, `/`-separated (used by globs and per-path settings).
    public var relativePath: String
    /// The scan root the file was found under, as given.
    public var root: String
    /// The size the walk saw when it had to `stat` the entry (a file root, a symlink); nil when
    /// the folder listing gave the entry's type, and the reader learns the size from `fstat`.
    public var size: Int?

    public init(path: String, displayPath: String, relativePath: String, root: String, size: Int? = nil) {
        self.path = path
        self.displayPath = displayPath
        self.relativePath = relativePath
        self.root = root
        self.size = size
    }

    /// Python source by extension (`.py`, `.pyi`, `.pyw`).
    public var isPython: Bool {
        relativePath.hasSuffix(".py") || relativePath.hasSuffix(".pyi") || relativePath.hasSuffix(".pyw")
    }
}

/// The result of a walk: the files to analyse, and an outcome for everything left out.
public struct Discovery: Sendable {
    public var files: [DiscoveredFile] = []
    /// Files and folders skipped (with the reason) or that could not be read.
    public var outcomes: [FileOutcome] = []
}

/// Walks the scan roots the way users expect: honours `.gitignore`, skips `.git`,
/// virtualenvs, `site-packages`, `node_modules`, `__pycache__` and build folders, applies
/// `--exclude`/`--include`, and never follows a symlink out of the tree or around a loop.
public enum FileDiscovery {
    /// Folder names skipped by default, with the reason shown in the summary.
    static let defaultSkippedFolders: [String: String] = [
        ".git": "version-control folder", ".hg": "version-control folder", ".svn": "version-control folder",
        "node_modules": "dependency folder (node_modules)", "site-packages": "installed packages (site-packages)",
        "__pycache__": "bytecode cache", ".tox": "tox environments", ".nox": "nox environments",
        ".venv": "virtualenv", "venv": "virtualenv", ".mypy_cache": "tool cache", ".pytest_cache": "tool cache",
        ".ruff_cache": "tool cache", ".eggs": "build output", "build": "build output", "dist": "build output",
        ".build": "build output",
    ]

    public static func discover(roots: [String], options: DiscoveryOptions = DiscoveryOptions()) -> Discovery {
        var discovery = Discovery()
        var seenRealFiles = Set<String>()
        // Patterns are validated by the command line and the configuration loader; one that still
        // fails to compile here matches nothing.
        let excludes = options.excludes.compactMap { try? Glob($0) }
        let includes = options.includes.compactMap { try? Glob($0) }
        for root in roots {
            var walker = Walker(root: root, options: options, excludes: excludes, includes: includes)
            walker.run(into: &discovery, seenRealFiles: &seenRealFiles)
        }
        return discovery
    }

    struct Walker {
        let root: String
        let options: DiscoveryOptions
        let excludes: [Glob]
        let includes: [Glob]
        var realRoot = ""
        /// Real paths of folders entered, to break symlink loops.
        var visitedFolders = Set<String>()

        init(root: String, options: DiscoveryOptions, excludes: [Glob], includes: [Glob]) {
            self.root = root
            self.options = options
            self.excludes = excludes
            self.includes = includes
        }

        mutating func run(into discovery: inout Discovery, seenRealFiles: inout Set<String>) {
            guard let real = realPath(root) else {
                discovery.outcomes.append(FileOutcome(path: root, status: .failed(reason: "no such file or folder")))
                return
            }
            realRoot = real
            var info = stat()
            guard stat(root, &info) == 0 else {
                discovery.outcomes.append(FileOutcome(path: root, status: .failed(reason: String(cString: strerror(errno)))))
                return
            }
            if (info.st_mode & S_IFMT) != S_IFDIR {
                // A file named on the command line is always scanned, whatever the excludes say.
                let name = (root as NSString).lastPathComponent
                seenRealFiles.insert(real)
                discovery.files.append(DiscoveredFile(path: root, displayPath: root, relativePath: name, root: root, size: Int(info.st_size)))
                return
            }
            var ignore = GitIgnore()
            if options.respectGitignore {
                if let exclude = try? FileDiscovery.readText(root + "/.git/info/exclude") {
                    ignore.add(contents: exclude, base: "")
                }
            }
            visitedFolders.insert(real)
            walk(folder: root, listing: FileDiscovery.listFolder(root), realFolder: real, relative: "", ignore: ignore, into: &discovery, seenRealFiles: &seenRealFiles)
        }

        private func display(_ relative: String) -> String {
            FileDiscovery.displayPath(root: root, relative: relative)
        }

        /// Walks one folder whose listing the caller made (the parent lists a child folder before
        /// entering it, to see whether it is a virtualenv without another system call).
        private mutating func walk(folder: String, listing: FolderListing, realFolder: String, relative: String, ignore inherited: GitIgnore,
                                   into discovery: inout Discovery, seenRealFiles: inout Set<String>) {
            guard case .success(let entries) = listing else {
                let code: Int32
                if case .failure(let error) = listing { code = error.code } else { code = 0 }
                discovery.outcomes.append(FileOutcome(path: display(relative).isEmpty ? root : display(relative), status: .failed(reason: "cannot read folder: \(String(cString: strerror(code)))")))
                return
            }
            var ignore = inherited
            if options.respectGitignore, entries.contains(where: { $0.name == ".gitignore" }),
               let contents = try? readText(folder + "/.gitignore") {
                ignore.add(contents: contents, base: relative)
            }
            for entry in entries.sorted(by: { $0.name < $1.name }) {
                let name = entry.name
                let path = folder + "/" + name
                let rel = relative.isEmpty ? name : relative + "/" + name
                // The listing's entry type saves a `stat` per file; only entries of unknown type
                // and symlinks need one.
                var info = stat()
                var kind: mode_t
                switch entry.type {
                case UInt8(DT_REG): kind = S_IFREG
                case UInt8(DT_DIR): kind = S_IFDIR
                default:
                    guard lstat(path, &info) == 0 else {
                        discovery.outcomes.append(FileOutcome(path: display(rel), status: .failed(reason: String(cString: strerror(errno)))))
                        continue
                    }
                    kind = info.st_mode & S_IFMT
                }
                var size: Int? = kind == S_IFREG && entry.type != UInt8(DT_REG) ? Int(info.st_size) : nil
                var isLink = kind == S_IFLNK
                var targetReal: String?
                if isLink {
                    guard let real = realPath(path) else {
                        discovery.outcomes.append(FileOutcome(path: display(rel), status: .skipped(reason: "broken symlink")))
                        continue
                    }
                    guard real == realRoot || real.hasPrefix(realRoot + "/") else {
                        discovery.outcomes.append(FileOutcome(path: display(rel), status: .skipped(reason: "symlink points outside the scanned tree")))
                        continue
                    }
                    targetReal = real
                    guard stat(path, &info) == 0 else {
                        discovery.outcomes.append(FileOutcome(path: display(rel), status: .skipped(reason: "broken symlink")))
                        continue
                    }
                    isLink = true
                    kind = info.st_mode & S_IFMT
                    size = Int(info.st_size)
                }
                if kind == S_IFDIR {
                    var listing: FolderListing?
                    if !options.includeDefaultSkips {
                        if let reason = FileDiscovery.defaultSkippedFolders[name] ?? (name.hasSuffix(".egg-info") ? "build output" : nil) {
                            discovery.outcomes.append(FileOutcome(path: display(rel) + "/", status: .skipped(reason: reason)))
                            continue
                        }
                        listing = FileDiscovery.listFolder(path)
                        if case .success(let children) = listing, children.contains(where: { $0.name == "pyvenv.cfg" }) {
                            discovery.outcomes.append(FileOutcome(path: display(rel) + "/", status: .skipped(reason: "virtualenv")))
                            continue
                        }
                    }
                    if excludes.contains(where: { $0.matches(rel) }) {
                        discovery.outcomes.append(FileOutcome(path: display(rel) + "/", status: .skipped(reason: "excluded by --exclude")))
                        continue
                    }
                    if options.respectGitignore && ignore.isIgnored(rel, isDirectory: true) {
                        discovery.outcomes.append(FileOutcome(path: display(rel) + "/", status: .skipped(reason: "ignored by .gitignore")))
                        continue
                    }
                    let real = targetReal ?? (realFolder + "/" + name)
                    if visitedFolders.contains(real) {
                        discovery.outcomes.append(FileOutcome(path: display(rel) + "/", status: .skipped(reason: isLink ? "symlink loop (folder already walked)" : "folder already walked")))
                        continue
                    }
                    visitedFolders.insert(real)
                    walk(folder: path, listing: listing ?? FileDiscovery.listFolder(path), realFolder: real, relative: rel, ignore: ignore,
                         into: &discovery, seenRealFiles: &seenRealFiles)
                } else if kind == S_IFREG {
                    if excludes.contains(where: { $0.matches(rel) }) {
                        discovery.outcomes.append(FileOutcome(path: display(rel), status: .skipped(reason: "excluded by --exclude")))
                        continue
                    }
                    if !includes.isEmpty && !includes.contains(where: { $0.matches(rel) }) {
                        discovery.outcomes.append(FileOutcome(path: display(rel), status: .skipped(reason: "not matched by --include")))
                        continue
                    }
                    if options.respectGitignore && ignore.isIgnored(rel, isDirectory: false) {
                        discovery.outcomes.append(FileOutcome(path: display(rel), status: .skipped(reason: "ignored by .gitignore")))
                        continue
                    }
                    let real = targetReal ?? (realFolder + "/" + name)
                    if seenRealFiles.contains(real) {
                        discovery.outcomes.append(FileOutcome(path: display(rel), status: .skipped(reason: "same file as another path (symlink)")))
                        continue
                    }
                    seenRealFiles.insert(real)
                    discovery.files.append(DiscoveredFile(path: path, displayPath: display(rel), relativePath: rel, root: root, size: size))
                } else {
                    discovery.outcomes.append(FileOutcome(path: display(rel), status: .skipped(reason: "not a regular file")))
                }
            }
        }
    }

    /// How a path below a scan root is shown: the root as the user gave it, then the path below it.
    /// Absolute paths and paths under a file root are returned unchanged.
    public static func displayPath(root: String, relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        if root == "." || root.isEmpty { return relative }
        return root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// One entry of a folder listing: its name and the type `readdir` reports (`DT_UNKNOWN` on
    /// file systems that do not fill it in).
    struct FolderEntry {
        var name: String
        var type: UInt8
    }

    struct ListingError: Error {
        var code: Int32
    }

    typealias FolderListing = Result<[FolderEntry], ListingError>

    /// A folder's entries from `opendir`/`readdir` (`getdents`), without `.` and `..`.
    static func listFolder(_ path: String) -> FolderListing {
        guard let dir = opendir(path) else { return .failure(ListingError(code: errno)) }
        defer { closedir(dir) }
        var entries: [FolderEntry] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            entries.append(FolderEntry(name: name, type: entry.pointee.d_type))
        }
        return .success(entries)
    }

    /// A small text file (`.gitignore`) read with `open`/`fstat`/`read`, decoded as UTF-8.
    static func readText(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ListingError(code: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ListingError(code: errno) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var total = 0
        while total < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, $0.count - total) }
            if n < 0 { if errno == EINTR { continue }; throw ListingError(code: errno) }
            if n == 0 { break }
            total += n
        }
        guard let text = String(validating: bytes.prefix(total), as: UTF8.self) else { throw ListingError(code: EILSEQ) }
        return text
    }
}
