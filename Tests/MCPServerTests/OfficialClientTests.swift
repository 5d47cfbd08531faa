import Foundation
import XCTest

/// `taintline mcp` as a coding assistant sees it: the official Python MCP client (the `mcp`
/// package in Tests/Support/requirements.lock) starts the built binary over stdio and calls every
/// tool, checking each result against the tool's output schema (Clients/mcp_client.py).
final class OfficialClientTests: XCTestCase {
    static let clients = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Clients")

    /// The binary of this build: TAINTLINE_BIN, else the `taintline` beside the test bundle (the
    /// same scratch path's products folder, whatever it is called).
    static var binary: String {
        if let given = ProcessInfo.processInfo.environment["TAINTLINE_BIN"] { return given }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("taintline").path
    }

    func testOfficialClientUsesEveryTool() throws {
        guard let python = ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] else {
            throw XCTSkip("TAINTLINE_TEST_PYTHON is not set (Scripts/test.sh sets it to the venv with the mcp package)")
        }
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.binary), "no taintline binary at \(Self.binary); build it first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.clients.appendingPathComponent("mcp_client.py").path, Self.binary]
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = NSTemporaryDirectory() + "taintline-tests-cache"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // A hung server must fail the test, not the suite: the client gets a generous while.
        let deadline = DispatchTime.now() + .seconds(600)
        let finished = DispatchSemaphore(value: 0)
        let collected = LockedData()
        DispatchQueue.global().async {
            collected.set(output.fileHandleForReading.readDataToEndOfFile())
            finished.signal()
        }
        if finished.wait(timeout: deadline) == .timedOut {
            process.terminate()
            XCTFail("the MCP client did not finish in 600 s")
            return
        }
        process.waitUntilExit()
        let text = String(decoding: collected.get(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, "mcp_client.py failed:\n\(text)")
        XCTAssertTrue(text.hasSuffix("ok\n"), text)
    }
}

/// Bytes handed from the reading thread to the test.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
