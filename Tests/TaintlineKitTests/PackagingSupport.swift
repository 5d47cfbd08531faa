import Findings
import Foundation
import Testing

/// Helpers of the packaging tests (the pip wheel, the pre-commit hooks), which run real tools
/// in throw-away folders.
enum Packaging {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The debug binary of this build (TAINTLINE_BIN for another scratch path).
    static var binary: String { ProcessInfo.processInfo.environment["TAINTLINE_BIN"] ?? root.appendingPathComponent(".build/debug/taintline").path }
    /// The interpreter of the test packages (pre-commit is in Tests/Support/requirements.lock).
    static var python: String { ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] ?? "python3" }

    struct Run { var status: Int32; var output: String }

    /// Runs a program with `environment` replacing the process's (stdout and stderr together).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], cwd: String, environment: [String: String]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        // The binary keeps a scan cache under the user's cache folder by default: tests give it a
        // folder of their own, so no test reads or writes the machine's.
        var inherited = ProcessInfo.processInfo.environment
        inherited["XDG_CACHE_HOME"] = NSTemporaryDirectory() + "taintline-tests-cache"
        process.environment = environment ?? inherited
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func temporaryFolder(_ label: String) throws -> String {
        let dir = NSTemporaryDirectory() + "taintline-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
