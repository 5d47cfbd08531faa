import Findings
import Foundation

/// A file to scan: where to read it and how to name it in findings.
public struct SecretFile: Sendable {
    public var path: String
    public var displayPath: String
    /// The path inside the scanned project, which decides whether the file is a test, CI
    /// configuration or documentation (a project kept under `~/test/` is not all tests).
    public var relativePath: String?
    public init(path: String, displayPath: String, relativePath: String? = nil) {
        self.path = path
        self.displayPath = displayPath
        self.relativePath = relativePath
    }
}

/// The secret scan of many files: findings in report order and one outcome per file.
public struct SecretBatchResult: Sendable {
    public var findings: [Finding] = []
    public var suppressed: [SuppressedFinding] = []
    public var outcomes: [FileOutcome] = []
}

extension SecretScanner {
    /// Reads and scans `files` on `jobs` threads; results are merged in input order, so the
    /// report does not depend on scheduling.
    public static func scan(files: [SecretFile], jobs: Int = ProcessInfo.processInfo.activeProcessorCount) -> SecretBatchResult {
        let results = UnsafeMutableBufferPointer<(SecretScanResult, FileOutcome)?>.allocate(capacity: files.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let lock = NSLock()
        var nextIndex = 0
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, files.count))) { _ in
            while true {
                lock.lock()
                let index = nextIndex
                nextIndex += 1
                lock.unlock()
                if index >= files.count { break }
                let file = files[index]
                // Each index is written by exactly one worker.
                results[index] = scanOne(file)
            }
        }
        var batch = SecretBatchResult()
        for case let (result, outcome)? in results {
            batch.findings += result.findings
            batch.suppressed += result.suppressed
            batch.outcomes.append(outcome)
        }
        batch.findings.sort(by: Finding.reportOrder)
        return batch
    }

    static func scanOne(_ file: SecretFile) -> (SecretScanResult, FileOutcome) {
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            return (SecretScanResult(), FileOutcome(path: file.displayPath, status: .failed(reason: "cannot be read")))
        }
        defer { try? handle.close() }
        // Read at most one byte past the limit: enough to know the file is too large.
        let data: Data
        do { data = try handle.read(upToCount: maximumFileSize + 1) ?? Data() } catch {
            return (SecretScanResult(), FileOutcome(path: file.displayPath, status: .failed(reason: "cannot be read: \(error.localizedDescription)")))
        }
        let result = scan(bytes: [UInt8](data), displayPath: file.displayPath, relativePath: file.relativePath)
        let status: FileOutcome.Status = result.skipReason.map { .skipped(reason: $0) } ?? .scanned(partial: false)
        return (result, FileOutcome(path: file.displayPath, status: status))
    }
}
