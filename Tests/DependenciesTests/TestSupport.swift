import Foundation
import Testing

/// Paths and helpers the dependency tests share.
enum TestSupport {
    /// The repository root (Tests/DependenciesTests/ is two levels below it).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The PyPA advisory snapshot beside the repository (`../shared/osv-pypi`).
    static var snapshot: String { repoRoot.deletingLastPathComponent().appendingPathComponent("shared/osv-pypi").path }

    static var snapshotExists: Bool { FileManager.default.fileExists(atPath: snapshot + "/vulns") }

    static let missingSnapshotMessage: Comment = "The advisory snapshot ../shared/osv-pypi (PyPA advisory-database: vulns/<package>/*.yaml) is missing; clone shared/ beside the repository."

    /// The interpreter with the test packages (`packaging`, `PyYAML`).
    static var python: String { ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] ?? "python3" }

    /// The version `Tests/Support/requirements.lock` pins for a package (`name==version`).
    static func lockedVersion(of package: String) throws -> String? {
        let lock = try String(contentsOf: repoRoot.appendingPathComponent("Tests/Support/requirements.lock"), encoding: .utf8)
        for line in lock.split(separator: "\n") where line.lowercased().hasPrefix(package.lowercased() + "==") {
            return line.dropFirst(package.count + 2).split(separator: " ").first.map(String.init)
        }
        return nil
    }

    /// Runs a program; returns (status, stdout, stderr).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], cwd: String? = nil) throws -> (Int32, String, String) {
        let process = Process()
        if executable.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain stderr on another thread so a chatty child cannot block on a full pipe.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let errData = errBox.data
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// Runs an oracle script from Tests/DependenciesTests/Oracle and returns its output file's lines split on tabs.
    static func oracle(_ script: String, _ arguments: [String]) throws -> [[Substring]] {
        let output = NSTemporaryDirectory() + "taintline-oracle-\(UUID().uuidString).tsv"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let path = repoRoot.appendingPathComponent("Tests/DependenciesTests/Oracle/\(script)").path
        let (status, _, stderr) = try run(python, [path] + arguments + [output])
        guard status == 0 else {
            throw OracleError(message: "\(script) failed (python: \(python); run Scripts/test.sh or pip install --require-hashes -r Tests/Support/requirements.lock): \(stderr)")
        }
        let text = try String(contentsOfFile: output, encoding: .utf8)
        return text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    }

    struct OracleError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    /// A fresh temporary folder with the given files (path → contents).
    static func project(_ files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "taintline-deps-\(UUID().uuidString)"
        for (path, contents) in files {
            let full = (dir as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return dir
    }
}
