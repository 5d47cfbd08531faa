import Foundation
import XCTest

/// `taintline server` driven by a real LSP client (pygls, from Tests/Support/requirements.lock):
/// Clients/lsp_client.py says what it checks; its output is the failure message.
final class LanguageServerEndToEndTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The binary built beside this test bundle (TAINTLINE_BIN for another one).
    static var binary: String {
        if let given = ProcessInfo.processInfo.environment["TAINTLINE_BIN"] { return given }
        // Linux gives the products folder as the bundle; macOS the .xctest inside it.
        let bundle = Bundle(for: LanguageServerEndToEndTests.self).bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("taintline").path }
        return candidates.first(where: FileManager.default.isExecutableFile(atPath:)) ?? candidates[0]
    }

    func testARealClientSeesDiagnosticsFixesAndCrossModuleUpdates() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.binary), "no taintline binary at \(Self.binary) (build it, or set TAINTLINE_BIN)")
        let python = ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, Self.folder.appendingPathComponent("Clients/lsp_client.py").path, Self.binary]
        var environment = ProcessInfo.processInfo.environment
        // The server keeps a scan cache: in a folder of the tests' own, never the machine's.
        environment["XDG_CACHE_HOME"] = NSTemporaryDirectory() + "taintline-tests-cache"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "the LSP client (\(python)) failed:\n\(output)")
        XCTAssertTrue(output.contains("shutdown, exit: status 0"), output)
    }
}
