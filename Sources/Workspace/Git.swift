import Foundation

/// Why git could not be run at all (not installed, not executable).
public struct GitError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// Runs git for the analyses that read a repository (the secrets history, `--diff-base`).
///
/// Taintline never runs the code it scans, and git is no exception: the arguments are a list
/// (never a shell line), standard input is closed, git cannot prompt, and the settings that make
/// git start other programs while diffing (file-system monitors, external diff tools, textconv
/// drivers) are turned off by the callers' flags and by the `-c` options added here.
public enum Git {
    /// `-c` settings given before every subcommand: no file-system monitor hook (a program the
    /// repository's configuration names), paths printed as they are rather than octal-escaped.
    static let safeSettings = ["-c", "core.fsmonitor=false", "-c", "core.quotePath=false"]

    /// Runs `git -C directory <settings> arguments…`, handing standard output to `consume` as it
    /// arrives (so a large history or diff is never held whole); standard error is discarded.
    /// Returns git's exit status.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String, consume: (Data) -> Void) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + safeSettings + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"  // reading must not take the index lock of a repository in use
        environment.removeValue(forKey: "GIT_EXTERNAL_DIFF")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw GitError(description: "cannot run git: \(error.localizedDescription)") }
        let handle = pipe.fileHandleForReading
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            consume(data)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs git and returns its exit status and whole standard output (for short answers such as
    /// `rev-parse`).
    public static func output(_ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
        var bytes = Data()
        let status = try run(arguments, in: directory) { bytes.append($0) }
        return (status, String(decoding: bytes, as: UTF8.self))
    }
}
