import Findings
import Foundation
import PythonSyntax
import Workspace

/// What a scan should do.
public struct ScanOptions: Sendable {
    public var discovery: DiscoveryOptions
    /// Files larger than this are skipped (and counted) rather than read.
    public var maxFileSize: Int
    /// Worker threads; defaults to every core.
    public var jobs: Int

    public init(discovery: DiscoveryOptions = DiscoveryOptions(), maxFileSize: Int = 64 << 20, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.discovery = discovery
        self.maxFileSize = maxFileSize
        self.jobs = max(1, jobs)
    }
}

/// The result of analysing one file: what happened to it and what it contributed.
struct FileResult: Sendable {
    var outcome: FileOutcome
    var findings: [Finding] = []
}

/// Ties the modules together: discovery, then every file analysed in parallel, then the
/// results merged in a stable order.
public enum ScanPipeline {
    public static func run(paths: [String], options: ScanOptions) -> ScanReport {
        let discovery = FileDiscovery.discover(roots: paths, options: options.discovery)
        let results = parallelMap(discovery.files, jobs: options.jobs) { file in
            analyze(file, options: options)
        }
        var report = ScanReport(toolVersion: taintlineVersion, roots: paths)
        report.files = discovery.outcomes + results.map(\.outcome)
        report.findings = Fingerprint.disambiguate(results.flatMap(\.findings).sorted(by: Finding.reportOrder))
        return report
    }

    static func analyze(_ file: DiscoveredFile, options: ScanOptions) -> FileResult {
        if file.size > options.maxFileSize {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .skipped(reason: "larger than \(options.maxFileSize >> 20) MB")))
        }
        guard file.isPython else {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .skipped(reason: "not Python source")))
        }
        let raw: [UInt8]
        do {
            raw = try readFile(file.path)
        } catch {
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .failed(reason: "cannot read: \(error)")))
        }
        let source = SourceFile(path: file.displayPath, utf8: raw)
        let tree = PythonParser.parse(source)
        if let first = tree.errors.first {
            let more = tree.errors.count > 1 ? " (and \(tree.errors.count - 1) more)" : ""
            return FileResult(outcome: FileOutcome(path: file.displayPath, status: .failed(reason: "syntax error: \(first.message) (line \(first.line), column \(first.column))\(more)")))
        }
        return FileResult(outcome: FileOutcome(path: file.displayPath, status: .scanned(partial: false)))
    }
}

/// Errors reading an input file, worded for the summary.
public struct FileReadError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Reads a whole file into bytes with POSIX calls (no Foundation `Data` copy).
public func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw FileReadError(description: String(cString: strerror(errno))) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw FileReadError(description: String(cString: strerror(errno))) }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var total = 0
    while total < bytes.count {
        let n = bytes.withUnsafeMutableBytes { buffer in
            read(fd, buffer.baseAddress! + total, buffer.count - total)
        }
        if n < 0 {
            if errno == EINTR { continue }
            throw FileReadError(description: String(cString: strerror(errno)))
        }
        if n == 0 { break }
        total += n
    }
    if total < bytes.count { bytes.removeLast(bytes.count - total) }
    return bytes
}

/// Maps `items` on `jobs` threads, keeping the input order in the output.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @Sendable (T) -> R) -> [R] {
    if items.isEmpty { return [] }
    let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    let next = ManagedAtomicCounter()
    DispatchQueue.concurrentPerform(iterations: min(jobs, items.count)) { _ in
        while true {
            let index = next.increment()
            if index >= items.count { break }
            results[index] = transform(items[index])
        }
    }
    return results.map { $0! }
}

/// A tiny lock-protected counter handing out work indices to worker threads.
final class ManagedAtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    /// Returns the current value and adds one.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let current = value
        value += 1
        return current
    }
}
