import Findings
import Foundation
import Templates
import Workspace

/// Where a scan keeps what it learned about each file, so that the next scan of the same paths
/// with the same options only re-analyses what changed. `ScanOptions.cache` is nil (no cache) for
/// library calls unless a caller sets it; the command line uses `defaultDirectory` unless told
/// otherwise (`--cache-dir`, `--no-cache`).
public struct ScanCacheOptions: Sendable, Equatable {
    /// The folder the cache files live in (created when missing).
    public var directory: String
    /// When the cache files together grow past this size, or this many (one per set of paths and
    /// options: a pre-commit hook passing each commit's files makes many), the least recently used
    /// are removed.
    public var maximumBytes: Int
    public var maximumFiles: Int

    public init(directory: String, maximumBytes: Int = 256 << 20, maximumFiles: Int = 1000) {
        self.directory = directory
        self.maximumBytes = maximumBytes
        self.maximumFiles = maximumFiles
    }

    /// `$XDG_CACHE_HOME/taintline/scan` or `~/.cache/taintline/scan`, beside the advisory database.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = (xdg as NSString).appendingPathComponent("taintline")
        } else {
            base = ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".cache/taintline")
        }
        return (base as NSString).appendingPathComponent("scan")
    }
}

/// One scan's cache file: one file per (working folder, paths as given, options that change
/// results), holding a record per scanned file. Read whole at the start of a scan, written whole
/// (to a temporary file, then renamed over the old one) at its end, so a concurrent scan sees the
/// old file or the new one, never a mix. Anything unexpected in it (another format or build, a
/// truncated or edited file) makes the scan ignore it: the cache can cost time, never a result.
struct ScanCache: Sendable {
    /// Bumped whenever what a record holds, or what it is keyed by, changes meaning.
    static let format = 1
    static let fileExtension = "tlcache"

    let options: ScanCacheOptions
    /// Names the file: the hash of everything besides file contents that the records depend on.
    let key: String
    var path: String { (options.directory as NSString).appendingPathComponent("\(key).\(Self.fileExtension)") }

    init(options: ScanCacheOptions, roots: [String], scan: ScanOptions,
         workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.options = options
        var digest = StableDigest()
        digest.add(Self.format)
        // Display paths are written relative to where the command ran, from the roots as given.
        digest.add(workingDirectory)
        digest.add(roots)
        digest.add(scan.analyses.map(\.rawValue).sorted())
        digest.add(scan.maxFileSize)
        // Which files are found does not change any file's record, but scans that find different
        // sets keep separate files rather than overwriting each other's.
        digest.add(scan.discovery.excludes)
        digest.add(scan.discovery.includes)
        digest.add(scan.discovery.respectGitignore)
        digest.add(scan.discovery.includeDefaultSkips)
        key = digest.finalize()
    }

    /// The build of Taintline that wrote a file: its version and the executable's GNU build ID (a
    /// hash of its contents the linker writes), so a rebuilt binary, whose rules may differ under
    /// the same version, never reuses another build's findings. Without a build ID (another
    /// platform, another linker): the executable's size, modification time and inode.
    static let buildIdentity: String = {
        if let id = executableBuildID() { return "\(taintlineVersion)/build-id:\(id)" }
        var parts = [taintlineVersion]
        var info = stat()
        let executable = FileManager.default.fileExists(atPath: "/proc/self/exe") ? "/proc/self/exe" : (Bundle.main.executablePath ?? CommandLine.arguments[0])
        if stat(executable, &info) == 0 {
            #if canImport(Darwin)
            let modified = info.st_mtimespec
            #else
            let modified = info.st_mtim
            #endif
            parts += ["\(info.st_size)", "\(modified.tv_sec).\(modified.tv_nsec)", "\(info.st_ino)"]
        } else {
            // Without an identity no build can tell its own files from another's: never match.
            parts.append(UUID().uuidString)
        }
        return parts.joined(separator: "/")
    }()

    /// The hex of the running executable's NT_GNU_BUILD_ID note, read from the ELF program
    /// headers of `/proc/self/exe` (a few hundred bytes); nil when there is none (not Linux, not a
    /// 64-bit little-endian ELF file, no such note).
    static func executableBuildID(path: String = "/proc/self/exe") -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        func read(_ offset: Int, _ count: Int) -> [UInt8]? {
            guard offset >= 0, count > 0, count <= 1 << 16 else { return nil }
            var bytes = [UInt8](repeating: 0, count: count)
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return n == count ? bytes : nil
        }
        func integer(_ bytes: [UInt8], _ at: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
        }
        // ELF magic, 64-bit, little-endian.
        guard let header = read(0, 64), header[0...3].elementsEqual([0x7F, 0x45, 0x4C, 0x46]), header[4] == 2, header[5] == 1 else { return nil }
        let tableOffset = integer(header, 32, 8), entrySize = integer(header, 54, 2), entries = integer(header, 56, 2)
        guard entrySize >= 56, entries > 0, entries < 512, let table = read(tableOffset, entrySize * entries) else { return nil }
        for index in 0..<entries {
            let entry = index * entrySize
            // PT_NOTE segments hold the notes: name size, description size, type, name, description.
            guard integer(table, entry, 4) == 4, let notes = read(integer(table, entry + 8, 8), integer(table, entry + 32, 8)) else { continue }
            var at = 0
            while notes.count - at >= 12 {
                let nameSize = integer(notes, at, 4), descriptionSize = integer(notes, at + 4, 4), type = integer(notes, at + 8, 4)
                let name = at + 12, description = name + ((nameSize + 3) & ~3)
                guard description + descriptionSize <= notes.count else { break }
                if type == 3, nameSize == 4, notes[name..<(name + 4)].elementsEqual([0x47, 0x4E, 0x55, 0]), descriptionSize > 0 {
                    return SHA256.hexString(Array(notes[description..<(description + descriptionSize)]))
                }
                at = description + ((descriptionSize + 3) & ~3)
            }
        }
        return nil
    }

    /// The records of the previous scan, or nil with the reason when there are none to use.
    func load() -> (file: CacheFile?, discarded: String?) {
        // No file yet is the usual first scan, not worth a note.
        guard FileManager.default.fileExists(atPath: path) else { return (nil, nil) }
        let bytes: [UInt8]
        do {
            guard let read = try readFile(path, maximumSize: options.maximumBytes) else { return (nil, "\(path): larger than the cache limit") }
            bytes = read
        } catch {
            return (nil, "\(path): \(error)")
        }
        // The first line says which build wrote the file (another build's is not even decoded)
        // and holds the checksum of the rest (a truncated or damaged file is not read).
        guard let newline = bytes.firstIndex(of: 10) else { return (nil, "\(path): damaged (no header)") }
        let header = String(decoding: bytes[..<newline], as: UTF8.self)
        guard header.hasPrefix(Self.header("")) else { return (nil, "\(path): written by another build") }
        guard header == Self.header(SHA256.hexString(SHA256.digest(bytes[(newline + 1)...]))) else { return (nil, "\(path): damaged (checksum)") }
        do {
            let file = try JSONDecoder().decode(CacheFile.self, from: Data(bytes[(newline + 1)...]))
            guard file.format == Self.format, file.build == Self.buildIdentity, file.key == key else {
                return (nil, "\(path): written by another build or for other options")
            }
            return (file, nil)
        } catch {
            return (nil, "\(path): unreadable (\(error))")
        }
    }

    /// Writes the records atomically; the error's description when the cache cannot be written.
    func save(_ file: CacheFile) -> String? {
        var data: Data
        do {
            let body = try JSONEncoder().encode(file)
            data = Data((Self.header(SHA256.hexString(SHA256.digest(body))) + "\n").utf8)
            data.append(body)
        } catch {
            return "cannot encode the scan cache: \(error)"
        }
        if let failure = Self.makeFolder(options.directory) { return failure }
        let temporary = (options.directory as NSString).appendingPathComponent(".\(key).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { return "cannot write the scan cache in \(options.directory): \(String(cString: strerror(errno)))" }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "cannot write the scan cache in \(options.directory): \(String(cString: strerror(errno)))"
                    return
                }
                written += n
            }
        }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 {
            failure = "cannot write the scan cache in \(options.directory): \(String(cString: strerror(errno)))"
        }
        if failure != nil { unlink(temporary) }
        evict()
        return failure
    }

    /// The first line of a cache file: what it is, its format, the build that wrote it, the
    /// SHA-256 of the rest.
    static func header(_ checksum: String) -> String { "taintline-scan-cache \(format) \(buildIdentity) \(checksum)" }

    /// Marks the file used (for eviction) when a scan reused it without changing it.
    func touch() {
        _ = utimes(path, nil)
    }

    /// Removes the least recently written cache files while they together exceed the limits, and
    /// temporary files a killed scan left behind.
    func evict(now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: options.directory) else { return }
        var files: [(path: String, size: Int, modified: Double)] = []
        for name in names {
            let path = (options.directory as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            #if canImport(Darwin)
            let modified = Double(info.st_mtimespec.tv_sec)
            #else
            let modified = Double(info.st_mtim.tv_sec)
            #endif
            if name.hasPrefix("."), name.hasSuffix(".tmp") {
                // A scan writes its temporary file in well under an hour.
                if now.timeIntervalSince1970 - modified > 3600 { unlink(path) }
                continue
            }
            guard name.hasSuffix("." + Self.fileExtension) else { continue }
            files.append((path, Int(info.st_size), modified))
        }
        var total = files.reduce(0) { $0 + $1.size }
        var count = files.count
        for file in files.sorted(by: { ($0.modified, $0.path) < ($1.modified, $1.path) })
        where total > options.maximumBytes || count > options.maximumFiles {
            if unlink(file.path) == 0 {
                total -= file.size
                count -= 1
            }
        }
    }

    /// Creates the folder (and its parents), readable only by the user: records hold source lines.
    static func makeFolder(_ folder: String) -> String? {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            return isFolder.boolValue ? nil : "cannot use \(folder) as the scan cache: not a folder"
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            return nil
        } catch {
            return "cannot create the scan cache folder \(folder): \(error.localizedDescription)"
        }
    }
}

/// What one cache file holds.
struct CacheFile: Codable, Sendable {
    var format: Int
    /// `ScanCache.buildIdentity` of the writer.
    var build: String
    /// `ScanCache.key`: a file copied or renamed by hand is not taken for another scan's.
    var key: String
    /// By the path the scan opened (`DiscoveredFile.path`).
    var files: [String: FileEntry]
    /// The digest of the project's facts every module's stored code findings were computed under,
    /// and of the list of modules it was computed from.
    var project: ProjectRecord?
}

/// The code analysis of the last scan as a whole.
struct ProjectRecord: Codable, Sendable {
    /// The modules in order: paths, shown paths and content hashes (`ScanPipeline.moduleListDigest`).
    var modules: String
    /// `ProjectDigest.of` the project those modules made.
    var facts: String
}

/// One file's record: the identity it was stored under, and what analysing it gave. (Its root is
/// in the file's key; its outcome's path is its display path.)
struct FileEntry: Codable, Sendable {
    /// SHA-256 of the file's bytes.
    var hash: String
    var relativePath: String
    /// Nil when it is the path the scan opened (the key of the record), as it is for absolute roots.
    var shownAs: String?
    /// The results, when they mention no credential.
    var payload: FilePayload?
    /// The results of a file whose findings name credentials: the JSON of its `FilePayload` with
    /// each credential replaced by a placeholder (`SecretMask`), so the cache never holds one;
    /// they are put back from the file itself, where `secrets` says they are.
    var masked: String?
    /// Byte offset and length of each credential in the file, in placeholder order.
    var secrets: [[Int]]?

    func displayPath(opened path: String) -> String { shownAs ?? path }
}

/// What analysing one file gave (all that `FileResult` carries beyond the moment). Empty lists
/// and false flags are left out of the JSON: most files have nothing to say.
struct FilePayload: Codable, Equatable, Sendable {
    var status: FileOutcome.Status
    /// The per-file analyses' findings: secrets, templates, deploy files.
    var findings: [Finding] = []
    var suppressed: [SuppressedFinding] = []
    /// The comments that hold a suppression directive (no other comment can change a result).
    var directives: [CachedComment] = []
    /// The statement spans, kept only when there are directives.
    var spans: [[Int]] = []
    var rendersText: [String] = []
    var rendersHTML: [String] = []
    var macroCalls: [TemplateMacros.Call] = []
    /// Whether the file is one of the modules of the code analysis (Python that decoded).
    var isModule = false
    /// A Python file that did not decode (the later analyses then read it themselves).
    var undecodable = false
    /// The code rules' findings on it, as shown, before templates rendered only as text are left
    /// out; valid while the project's facts digest is `codeFacts`.
    var code: [Finding]?
    var codeFacts: String?

    init(status: FileOutcome.Status) { self.status = status }

    private enum CodingKeys: String, CodingKey {
        case status, findings, suppressed, directives, spans, rendersText, rendersHTML, macroCalls, isModule, undecodable, code, codeFacts
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(FileOutcome.Status.self, forKey: .status)
        findings = try container.decodeIfPresent([Finding].self, forKey: .findings) ?? []
        suppressed = try container.decodeIfPresent([SuppressedFinding].self, forKey: .suppressed) ?? []
        directives = try container.decodeIfPresent([CachedComment].self, forKey: .directives) ?? []
        spans = try container.decodeIfPresent([[Int]].self, forKey: .spans) ?? []
        rendersText = try container.decodeIfPresent([String].self, forKey: .rendersText) ?? []
        rendersHTML = try container.decodeIfPresent([String].self, forKey: .rendersHTML) ?? []
        macroCalls = try container.decodeIfPresent([TemplateMacros.Call].self, forKey: .macroCalls) ?? []
        isModule = try container.decodeIfPresent(Bool.self, forKey: .isModule) ?? false
        undecodable = try container.decodeIfPresent(Bool.self, forKey: .undecodable) ?? false
        code = try container.decodeIfPresent([Finding].self, forKey: .code)
        codeFacts = try container.decodeIfPresent(String.self, forKey: .codeFacts)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        if !findings.isEmpty { try container.encode(findings, forKey: .findings) }
        if !suppressed.isEmpty { try container.encode(suppressed, forKey: .suppressed) }
        if !directives.isEmpty { try container.encode(directives, forKey: .directives) }
        if !spans.isEmpty { try container.encode(spans, forKey: .spans) }
        if !rendersText.isEmpty { try container.encode(rendersText, forKey: .rendersText) }
        if !rendersHTML.isEmpty { try container.encode(rendersHTML, forKey: .rendersHTML) }
        if !macroCalls.isEmpty { try container.encode(macroCalls, forKey: .macroCalls) }
        if isModule { try container.encode(isModule, forKey: .isModule) }
        if undecodable { try container.encode(undecodable, forKey: .undecodable) }
        try container.encodeIfPresent(code, forKey: .code)
        try container.encodeIfPresent(codeFacts, forKey: .codeFacts)
    }
}

struct CachedComment: Codable, Equatable, Sendable {
    var line: Int
    var text: String
}

extension FileEntry {
    /// The record of a file analysed this scan; nil when it cannot be stored without a credential
    /// in it (the file changed since it was read, or a credential is not in it as written).
    init?(file: DiscoveredFile, hash: String, payload: FilePayload) {
        self.hash = hash
        relativePath = file.relativePath
        shownAs = file.displayPath == file.path ? nil : file.displayPath
        let secrets = SecretMask.secrets(in: payload)
        if secrets.isEmpty {
            self.payload = payload
            return
        }
        // The scan let the bytes go; read them again, and only if they are still those analysed.
        guard let raw = try? readFile(file.path), SHA256.hexString(SHA256.digest(raw)) == hash,
              let ranges = SecretMask.locate(secrets, in: raw), let masked = SecretMask.mask(payload, secrets: secrets) else { return nil }
        self.masked = masked
        self.secrets = ranges
    }

    /// The payload, with its credentials read back from the file's bytes when it was masked.
    func restore(from raw: [UInt8]) -> FilePayload? {
        if let payload { return payload }
        guard let masked, let secrets, let texts = SecretMask.read(secrets, from: raw) else { return nil }
        return SecretMask.unmask(masked, secrets: texts)
    }
}

extension ScanCache {
    /// Whether `folder` is, or is below, one of the scanned folders: a cache there would be
    /// scanned itself (and change what the next scan finds), so the scan does without it.
    static func isInside(_ folder: String, roots: [String]) -> Bool {
        let cache = resolved(folder)
        for root in roots {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else { continue }
            let scanned = resolved(root)
            if cache == scanned || cache.hasPrefix(scanned.hasSuffix("/") ? scanned : scanned + "/") { return true }
        }
        return false
    }

    /// An absolute path with symbolic links resolved as far as it exists.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        var existing = (absolute as NSString).standardizingPath
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing), existing != "/", !existing.isEmpty {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        var real = existing
        if let pointer = realpath(existing, nil) {
            real = String(cString: pointer)
            free(pointer)
        }
        return rest.reduce(real) { ($0 as NSString).appendingPathComponent($1) }
    }
}
