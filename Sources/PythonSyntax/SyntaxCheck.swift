import Foundation

/// Reads, decodes and parses Python files for `taintline parse` and `taintline dump-ast`:
/// file discovery, a parallel map with large thread stacks, and one result per file.
public enum SyntaxCheck {
    /// The outcome of reading and parsing one file.
    public struct FileResult: Sendable {
        public var path: String
        /// Nil when the file could not be read or decoded (see `readError`).
        public var source: SourceFile?
        public var tree: SyntaxTree?
        /// Why the file could not be read or decoded, with a 1-based line when known.
        public var readError: (message: String, line: Int?)?
        /// Size of the file on disk, in bytes.
        public var byteCount: Int

        /// Syntax errors (empty when the file parsed cleanly or could not be read).
        public var errors: [SyntaxError] { tree?.errors ?? [] }
    }

    /// Reads, decodes and parses one file. Never throws: problems are in the result.
    public static func parseFile(_ path: String) -> FileResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let reason = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
                ? (isDir.boolValue ? "is a directory" : "cannot be read (permission denied?)")
                : "no such file"
            return FileResult(path: path, source: nil, tree: nil, readError: (reason, nil), byteCount: 0)
        }
        let raw = [UInt8](data)
        return parse(raw, path: path)
    }

    /// Decodes and parses bytes that came from `path`.
    public static func parse(_ raw: [UInt8], path: String) -> FileResult {
        do {
            let source = try SourceFile.decode(path: path, raw: raw)
            let tree = PythonParser.parse(source)
            return FileResult(path: path, source: source, tree: tree, readError: nil, byteCount: raw.count)
        } catch let e as SourceFile.DecodingError {
            return FileResult(path: path, source: nil, tree: nil, readError: (e.message, e.line), byteCount: raw.count)
        } catch {
            return FileResult(path: path, source: nil, tree: nil, readError: ("\(error)", nil), byteCount: raw.count)
        }
    }

    /// Expands `paths`: files are kept as given; folders are walked recursively for `*.py`
    /// files, skipping hidden folders (`.git`, `.venv`). Sorted per folder, stable.
    /// Paths that do not exist are kept, so the caller reports them.
    public static func pythonFiles(in paths: [String]) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
                out.append(path)
                continue
            }
            var found: [String] = []
            walk(path, into: &found)
            out.append(contentsOf: found.sorted())
        }
        return out
    }

    private static func walk(_ dir: String, into found: inout [String]) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else { return }
        for name in names where !name.hasPrefix(".") {
            let full = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                // Do not follow symlinked folders: they can form cycles.
                if let attrs = try? fm.attributesOfItem(atPath: full), attrs[.type] as? FileAttributeType == .typeSymbolicLink { continue }
                walk(full, into: &found)
            } else if name.hasSuffix(".py") {
                found.append(full)
            }
        }
    }

    /// `transform` applied to every element on `jobs` threads (each with a 64 MB stack, so
    /// deeply nested code cannot overflow it), results in input order.
    public static func parallelMap<T, R>(_ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let n = items.count
        guard n > 0 else { return [] }
        let workers = max(1, min(jobs, n))
        let box = ResultBox<R>(count: n)
        let next = Counter()
        let group = DispatchGroup()
        let itemsBox = UncheckedBox(items)
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                while true {
                    let i = next.increment()
                    if i >= n { break }
                    box.set(i, transform(itemsBox.value[i]))
                }
                group.leave()
            }
            thread.stackSize = 64 << 20
            thread.start()
        }
        group.wait()
        return box.results()
    }

    /// The number of processors available.
    public static var processorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}

private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }
}

private final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

private final class ResultBox<R>: @unchecked Sendable {
    private var storage: [R?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: R) {
        lock.lock(); storage[i] = r; lock.unlock()
    }
    func results() -> [R] { storage.compactMap { $0 } }
}
