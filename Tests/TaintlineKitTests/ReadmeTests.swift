import Foundation
import Testing

/// The README's rule table and command reference are generated from the tool
/// (`Scripts/update-readme.sh`), never hand-kept: this fails when a rule, command or option
/// changes without regenerating them.
@Test func readmeGeneratedBlocksAreCurrent() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    // TAINTLINE_BIN names the binary of another scratch path (`swift build --scratch-path ...`).
    let binary = ProcessInfo.processInfo.environment["TAINTLINE_BIN"] ?? root.appendingPathComponent(".build/debug/taintline").path
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build the taintline product first (Scripts/test.sh does)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [root.appendingPathComponent("Scripts/update-readme.sh").path, "--check"]
    process.environment = ProcessInfo.processInfo.environment.merging(["TAINTLINE_BIN": binary]) { $1 }
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(message)")
}
